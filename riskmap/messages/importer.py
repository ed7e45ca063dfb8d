"""Messages of the importer (riskmap.io.importer): a file that cannot be read as a whole, a
mapping that does not fit the layer, geometries that cannot become sites."""

from riskmap.messages.template import Template as T

_FORMATS_EN = "GeoPackage, Shapefile, GeoJSON, KML/KMZ, GPX, FlatGeobuf, CSV or XLSX"
_FORMATS_ZH = "GeoPackage、Shapefile、GeoJSON、KML/KMZ、GPX、FlatGeobuf、CSV 或 XLSX"
_FAR_EN = "{name}: {count} of {total} features lie more than {km:g} km outside the city"
_FAR_ZH = "{name}：{total} 个要素中有 {count} 个在本市范围外 {km:g} 公里以上"

MESSAGES = {
    # -- the file as a whole --------------------------------------------------------------
    "import.no_file": T("no such file: {path}", "文件不存在：{path}"),
    "import.is_folder": T(
        "{path} is a folder; choose a file in it", "{path} 是文件夹，请选择其中的文件"
    ),
    "import.empty_file": T("{name} is empty (0 bytes)", "{name} 是空文件（0 字节）"),
    "import.cannot_read": T("cannot read {path}: {detail}", "无法读取 {path}（{detail}）"),
    "import.unreadable": T(
        f"{{name}} is not a file riskmap can read ({_FORMATS_EN})",
        f"{{name}} 不是可读取的文件（支持 {_FORMATS_ZH}）",
    ),
    "import.gdal_failed": T("{name} cannot be read: {detail}", "无法读取 {name}（{detail}）"),
    "import.json_syntax": T(
        "{name} is not valid JSON: {detail} at line {line}, column {column}",
        "{name} 不是有效的 JSON：第 {line} 行第 {column} 列有语法错误",
    ),
    "import.json_not_utf8": T(
        "{name} is not UTF-8 text (byte {byte}); GeoJSON must be UTF-8",
        "{name} 不是 UTF-8 文本（第 {byte} 字节）；GeoJSON 必须使用 UTF-8 编码",
    ),
    "import.table_options": T(
        "{name}: lon/lat/x/y columns and sheets apply to CSV and XLSX files only",
        "{name}：坐标列和工作表只适用于 CSV 和 XLSX 文件",
    ),
    "import.datum_projected": T(
        "{name}: {datum} coordinates are longitude/latitude, but the file's CRS {crs} is projected",
        "{name}：{datum} 坐标是经纬度，但文件的坐标系 {crs} 是投影坐标系",
    ),
    "import.unknown_crs": T(
        "unknown coordinate system {crs!r} (e.g. EPSG:4490 for CGCS2000 degrees, "
        "EPSG:4544 for CGCS2000 / 3-degree Gauss-Krüger CM 105°E)",
        "未知的坐标系 {crs}（例如 CGCS2000 经纬度为 EPSG:4490，"
        "CGCS2000 / 3-degree Gauss-Kruger CM 105E 为 EPSG:4544）",
    ),
    "import.unknown_datum": T(
        "unknown datum {datum!r} (use one of {choices})",
        "未知的坐标基准 {datum}（可选：{choices}）",
    ),
    "import.unknown_encoding": T(
        "unknown text encoding {encoding!r} (e.g. UTF-8, GBK, GB18030)",
        "未知的文字编码 {encoding}（例如 UTF-8、GBK、GB18030）",
    ),
    # -- layers -----------------------------------------------------------------------------
    "import.no_layer": T(
        "{name} has no layer {layer!r} (layers: {layers})",
        "{name} 中没有图层“{layer}”（现有图层：{layers}）",
    ),
    "import.no_features": T(
        "{name} has no features (layers: {layers})", "{name} 中没有要素（图层：{layers}）"
    ),
    "import.several_layers": T(
        "{name} has several layers with features: {layers}; choose one",
        "{name} 有多个含要素的图层：{layers}。请在“图层”中选择一个",
        cli="{name} has several layers with features: {layers}; choose one (--layer NAME)",
    ),
    "import.layer_empty": T(
        "{name}: layer {layer!r} has no features", "{name}：图层“{layer}”中没有要素"
    ),
    "import.truncated": T(
        "{name}: its header claims {claimed:,} features but the file holds {held:,}; "
        "it is truncated or damaged",
        "{name}：文件头声明有 {claimed:,} 个要素，实际只有 {held:,} 个；文件不完整或已损坏",
    ),
    # -- shapefiles and ZIP files -------------------------------------------------------------
    "import.bad_zip": T(
        "{name} is damaged (not a readable ZIP file)", "{name} 已损坏（不是可读取的 ZIP 文件）"
    ),
    "import.damaged": T("{name} is damaged ({detail})", "{name} 已损坏"),
    "import.zip_member": T(
        "{name} cannot be read: {detail}",
        "无法读取 {name}（压缩文件已损坏，或使用了不支持的压缩方式）",
    ),
    "import.zip_holds_kmz": T(
        "{name} holds a KMZ ({inner}); unzip it first", "{name} 中是 KMZ 文件（{inner}）；请先解压"
    ),
    # {env} is an administrator's setting: the window names it, as nothing else raises the limit
    "import.expands_beyond": T(
        "{name} expands to more than {limit_mb:,.0f} MB; the limit is {limit_mb:,.0f} MB; if you "
        "trust the file, raise it with the environment variable {env} (in MB)",
        "{name} 解压后超过 {limit_mb:,.0f} MB 的上限；如确认文件可信，可请管理员用环境变量 {env} "
        "提高上限（单位 MB）",
    ),
    "import.would_expand": T(
        "{name} would expand to {declared_mb:,.0f} MB; the limit is {limit_mb:,.0f} MB; if you "
        "trust the file, raise it with the environment variable {env} (in MB)",
        "{name} 解压后将有 {declared_mb:,.0f} MB，超过 {limit_mb:,.0f} MB 的上限；如确认文件可信，"
        "可请管理员用环境变量 {env} 提高上限（单位 MB）",
    ),
    "import.expand_limit_setting": T(
        "${env} must be a positive number of megabytes, not {value!r}",
        "解压上限的设置（环境变量 {env}）须为正数（单位 MB），而不是 {value}",
    ),
    # -- KML and KMZ ------------------------------------------------------------------------------
    "import.kmz_no_kml": T(
        "{name} holds no KML document (a KMZ holds doc.kml)",
        "{name} 中没有 KML 文档（KMZ 文件中应有 doc.kml）",
    ),
    "import.kml_syntax": T(
        "{name} is not valid KML (XML error at line {line}, column {column})",
        "{name} 不是有效的 KML 文件（第 {line} 行第 {column} 列有 XML 错误）",
    ),
    "import.kml_placemark_text": T(
        "{name}: a placemark holds more than {mb} MB of text; it is not a map feature",
        "{name}：一个地标中有超过 {mb} MB 的文字，不是地图要素",
    ),
    "import.zip_no_data": T(
        f"{{name}} holds no {_FORMATS_EN} file", f"{{name}} 中没有 {_FORMATS_ZH} 文件"
    ),
    "import.zip_several": T(
        "{name} holds several data files ({names}); unzip it",
        "{name} 中有多个数据文件（{names}）；请先解压，再选择其中一个",
    ),
    "import.shp_part_missing": T(
        "{name}: its {what} {part} is missing (a shapefile is at least .shp, .shx and .dbf "
        "with the same name; copy them together)",
        "{name} 缺少 {part}（Shapefile 至少由同名的 .shp、.shx 和 .dbf 文件组成，请一起复制）",
    ),
    "import.shp_bad_header": T(
        "{part} is not a shapefile part (bad header)",
        "{part} 不是 Shapefile 的组成文件（文件头无效）",
    ),
    "import.shp_truncated": T(
        "{part}: its header says {declared:,} bytes but the file has {size:,}; it is truncated",
        "{part}：文件头声明 {declared:,} 字节，实际只有 {size:,} 字节；文件不完整",
    ),
    "import.shx_truncated": T(
        "{part}: its header claims {claimed:,} shapes but the file holds {held:,}; "
        "it is truncated or its header is damaged",
        "{part}：文件头声明 {claimed:,} 个图形，实际只有 {held:,} 个；文件不完整或文件头已损坏",
    ),
    "import.dbf_bad_header": T(
        "{part} is not a dBASE table (bad header)", "{part} 不是 dBASE 属性表（文件头无效）"
    ),
    "import.dbf_truncated": T(
        "{part}: its header claims {claimed:,} records but the file holds {held:,}; "
        "it is truncated or its header is damaged",
        "{part}：文件头声明 {claimed:,} 条记录，实际只有 {held:,} 条；文件不完整或文件头已损坏",
    ),
    "import.shp_dbf_mismatch": T(
        "{name} has {shapes:,} shapes but {part} has {records:,} records; "
        "the parts do not belong together",
        "{name} 有 {shapes:,} 个图形，而 {part} 有 {records:,} 条记录；这些文件不属于同一数据",
    ),
    "import.dbf_not_cpg": T(
        "{part}: its text is not {cpg} as {cpg_part} says, nor UTF-8 or GBK; give the encoding",
        "{part}：文字既不是 {cpg_part} 所写的 {cpg}，也不是 UTF-8 或 GBK；"
        "请在“编码”中选择正确的文字编码（如 GBK）",
        cli="{part}: its text is not {cpg} as {cpg_part} says, nor UTF-8 or GBK; give the "
        "encoding (e.g. --encoding GBK)",
    ),
    "import.dbf_encoding_unknown": T(
        "{part}: cannot tell the text encoding (not UTF-8, not GBK/GB18030) and there is no "
        ".cpg; give the encoding",
        "{part}：无法判断文字编码（不是 UTF-8，也不是 GBK/GB18030），且没有 .cpg 文件；"
        "请在“编码”中选择正确的文字编码（如 GBK）",
        cli="{part}: cannot tell the text encoding (not UTF-8, not GBK/GB18030) and there is "
        "no .cpg; give the encoding (e.g. --encoding GBK)",
    ),
    # -- CSV and XLSX -----------------------------------------------------------------------
    "import.not_encoding": T(
        "{name} is not {encoding} text: line {line}, offset {offset:,} of the file (byte {hex}) "
        "does not decode",
        "{name} 不是 {encoding} 编码的文本：第 {line} 行（文件第 {offset:,} 字节，{hex}）无法解码",
    ),
    "import.bom_broken": T(
        "{name} starts with a {encoding} byte order mark but is not {encoding}: line {line}, "
        "offset {offset:,} of the file (byte {hex}) does not decode",
        "{name} 开头标明为 {encoding} 编码，"
        "但第 {line} 行（文件第 {offset:,} 字节，{hex}）无法解码",
    ),
    "import.bom_but_gbk": T(
        "{name} starts with a {encoding} byte order mark but is not {encoding}: line {line}, "
        "offset {offset:,} of the file (byte {hex}) does not decode (the rest reads as GBK: "
        "choose the text encoding GBK to read it so)",
        "{name} 开头标明为 {encoding} 编码，"
        "但第 {line} 行（文件第 {offset:,} 字节，{hex}）无法解码；"
        "其余内容可按 GBK 读取，请在“编码”中选择 GBK",
        cli="{name} starts with a {encoding} byte order mark but is not {encoding}: line {line}, "
        "offset {offset:,} of the file (byte {hex}) does not decode (the rest reads as GBK: "
        "give --encoding GBK to read it so)",
    ),
    "import.encoding_unknown": T(
        "{name}: cannot tell the text encoding (not UTF-8, not GBK/GB18030); give it",
        "{name}：无法判断文字编码（不是 UTF-8，也不是 GBK/GB18030）；"
        "请在“编码”中选择正确的文字编码（如 GBK）",
        cli="{name}: cannot tell the text encoding (not UTF-8, not GBK/GB18030); give it "
        "(e.g. --encoding GBK)",
    ),
    "import.not_text": T(
        "{name} is not a text file (it holds NUL bytes)", "{name} 不是文本文件（含有空字节）"
    ),
    "import.csv_syntax": T(
        "{name}: line {line}: {detail}", "{name}：第 {line} 行格式有误（{detail}）"
    ),
    "import.no_rows": T("{name} has no rows (only blank lines)", "{name} 中没有数据行（只有空行）"),
    "import.xlsx_damaged": T(
        "{name} is damaged or not a valid XLSX workbook ({detail})",
        "{name} 已损坏，或不是有效的 XLSX 工作簿（{detail}）",
    ),
    "import.no_worksheet": T("{name} has no worksheet", "{name} 中没有工作表"),
    "import.no_sheet": T(
        "{name} has no sheet {sheet!r} (sheets: {sheets})",
        "{name} 中没有工作表“{sheet}”（现有：{sheets}）",
    ),
    "import.sheet_empty": T("{name}: sheet {sheet!r} is empty", "{name}：工作表“{sheet}”是空的"),
    "import.sheets_empty": T("{name}: every sheet is empty", "{name}：所有工作表都是空的"),
    "import.no_column": T(
        "{name}: no column {column!r} (columns: {columns})",
        "{name} 中没有“{column}”列（现有列：{columns}）",
    ),
    "import.coords_pair": T(
        "name both coordinate columns: lon and lat, or x and y",
        "请同时指定两个坐标列：经度和纬度，或 X 和 Y",
    ),
    "import.coords_both": T(
        "name lon/lat (degrees) or x/y (metres), not both",
        "请指定经纬度列（度）或 X/Y 列（米），不要同时指定",
    ),
    "import.no_header_for": T(
        "{name}: no header row names the columns {wanted} (first row: {first})",
        "{name}：没有哪一行表头包含列 {wanted}（第一行：{first}）",
    ),
    "import.no_coord_columns": T(
        "{name}: no coordinate columns found (looked for 经度/纬度, lon/lat, lng/lat, x/y, "
        "经纬度 or WKT headers); name them",
        "{name}：找不到坐标列（表头应为 经度/纬度、经纬度、X/Y 或 WKT）；请在表头中写明坐标列",
        cli="{name}: no coordinate columns found (looked for 经度/纬度, lon/lat, lng/lat, x/y, "
        "经纬度 or WKT headers); name them (--lon COL --lat COL, or --x COL --y COL)",
    ),
    "import.no_data_rows": T(
        "{name}: no rows below the header (row {row})", "{name}：表头（第 {row} 行）下面没有数据"
    ),
    "import.xy_geographic": T(
        "x/y columns are metres, but {crs} is a lon/lat CRS; use lon/lat",
        "X/Y 列的单位是米，但 {crs} 是经纬度坐标系；请改用经纬度列",
    ),
    # -- the layer and the mapping ----------------------------------------------------------
    # {crs} is the database's CRS, {crs_name} its name; *_fits: the coordinates fall in the city
    # in that CRS, so it is the likely answer.
    "import.no_crs": T(
        "{name}: the coordinate system is unknown and the coordinates are not degrees "
        "(e.g. {example}); choose the data's coordinate system (e.g. {crs_name}, {crs}, the "
        "database's, or the Gauss-Krüger zone of the survey)",
        "{name}：坐标系未知，且坐标不是经纬度（如 {example}）。请在“坐标系”中选择数据的坐标系"
        "（如本数据库所用的 {crs_name}, {crs}，或测量时所用的高斯-克吕格投影带）",
        cli="{name}: the coordinate system is unknown and the coordinates are not degrees "
        "(e.g. {example}); give the CRS (e.g. --crs {crs} (the database's CRS) or the "
        "Gauss-Krüger zone of the survey)",
    ),
    "import.no_crs_fits": T(
        "{name}: the coordinate system is unknown and the coordinates are not degrees "
        "(e.g. {example}); they fit {crs_name}, {crs}, the database's own: choose it as the "
        "data's coordinate system",
        "{name}：坐标系未知，且坐标不是经纬度（如 {example}）。这些坐标与本数据库的坐标系相符："
        "请在“坐标系”中选择 {crs_name}, {crs}",
        cli="{name}: the coordinate system is unknown and the coordinates are not degrees "
        "(e.g. {example}); give the CRS (they fit {crs}, the database's own CRS: --crs {crs})",
    ),
    "import.metres": T(
        "{name}: coordinates look like metres, not degrees (e.g. {example}): choose the data's "
        "coordinate system (e.g. {crs_name}, {crs}, the database's, or the Gauss-Krüger zone "
        "of the survey)",
        "{name}：坐标看起来是米而不是度（如 {example}）。请在“坐标系”中选择数据的坐标系"
        "（如本数据库所用的 {crs_name}, {crs}，或测量时所用的高斯-克吕格投影带）",
        cli="{name}: coordinates look like metres, not degrees (e.g. {example}): give the CRS "
        "(e.g. --crs {crs} (the database's CRS) or the Gauss-Krüger zone of the survey)",
    ),
    "import.metres_fits": T(
        "{name}: coordinates look like metres, not degrees (e.g. {example}); they fit "
        "{crs_name}, {crs}, the database's own: choose it as the data's coordinate system",
        "{name}：坐标看起来是米而不是度（如 {example}）。这些坐标与本数据库的坐标系相符："
        "请在“坐标系”中选择 {crs_name}, {crs}",
        cli="{name}: coordinates look like metres, not degrees (e.g. {example}): give the CRS "
        "(they fit {crs}, the database's own CRS: --crs {crs})",
    ),
    "import.lonlat_swapped": T(
        "{name}: longitude and latitude look swapped (e.g. {example}: read the other way round "
        "they lie in the city); nothing was written: swap the two coordinate columns",
        "{name}：经度与纬度看起来颠倒了（如 {example}，反过来读则在本市范围内），"
        "未写入任何数据：请交换两列坐标",
    ),
    "import.wrong_kind": T(
        "{name}: the layer holds {kind} but the file has {found}",
        "{name}：该图层只能容纳{kind}，而文件中是{found}",
    ),
    "import.no_name_column": T(
        "no name column: the file needs a column 名称 or name (or choose one for the name)",
        "没有名称列：文件需要一列“名称”，或在字段对应中为“名称”选择一列",
        cli="no name column: the file needs a column 名称 or name (or map one: name=COLUMN)",
    ),
    "import.required_unmapped": T(
        "layer {layer} requires {need}: no column matches; choose a column for each",
        "图层“{layer}”必须填写{need}，但没有对应的列；请在字段对应中为其选择一列",
        cli="layer {layer} requires {need}: no column matches; map one (FIELD=COLUMN)",
    ),
    "import.no_field": T(
        "layer {layer} has no field {field!r} (fields: {fields})",
        "图层“{layer}”中没有字段“{field}”（现有字段：{fields}）",
    ),
    "import.no_source_column": T(
        "mapping {target}={column}: the file has no column {column!r} (columns: {columns})",
        "字段“{target}”对应的“{column}”列在文件中不存在（现有列：{columns}）",
    ),
    "import.write_failed": T(
        "cannot write the sites; nothing was imported: {detail}",
        "无法写入场所，未导入任何数据：{detail}",
    ),
    "import.cancelled": T("import cancelled; nothing was written", "已取消导入，未写入任何数据"),
    "import.report_write": T("cannot write {path}: {detail}", "无法写入 {path}（{detail}）"),
    "import.report_suffix": T(
        "save the report as .txt, .csv or .xlsx, not {path}",
        "{path}：导入报告只能保存为 .txt、.csv 或 .xlsx 文件",
    ),
    # -- districts ------------------------------------------------------------------------------
    "import.district_column": T(
        "{name}: no column {column!r} for the district {what} (columns: {columns})",
        "{name} 中没有作为区划{what}的“{column}”列（现有列：{columns}）",
    ),
    "import.district_level": T(
        "unknown district level {level!r} (use one of {choices})",
        "未知的区划级别 {level}（可选：{choices}）",
    ),
    "import.no_parent_level": T(
        "there is no {up} in the database to hold these {levels}: import the {up} first",
        "数据库中还没有可容纳这些{levels}的{up}：请先导入{up}",
        cli="there is no {up} in the database to hold these {levels}: import the {up} first "
        "(riskmap import FILE --districts {up_key} …)",
    ),
    "import.second_city": T(
        "the database already holds the city {name} ({code}); replace it, or import counties "
        "and townships below it",
        "数据库中已有城市 {name}（{code}）；如需更换请选择替换，否则请在其下导入区县和乡镇（街道）",
        cli="the database already holds the city {name} ({code}); add --replace to replace it",
    ),
    "import.city_one_code": T(
        "{name}: a city is one district, but the file names {count} codes ({codes})",
        "{name}：城市只能是一个区划，但文件中有 {count} 个代码（{codes}）",
    ),
    "import.districts_in_use": T(
        "cannot remove districts {codes}: still named by {users}; keep their codes in the new "
        "file or reassign those first",
        "无法删除区划 {codes}：仍被{users}引用；请在新文件中保留这些代码，或先把它们改到其他区划",
    ),
    "import.districts_write": T(
        "cannot write the districts; nothing was imported: {detail}",
        "无法写入行政区划，未导入任何数据：{detail}",
    ),
    # -- datum and placement: coordinates that would be stored in the wrong place ------------
    # {datum} GCJ-02/BD-09, {key} gcj02/bd09, {maker} whose map it is, {offset} metres
    "import.datum_offset": T(
        "{name}: the coordinates look like {datum} ({maker}), offset ~{offset} m from what the "
        "city holds; nothing was written: convert them from {datum}, or keep them as they are",
        "{name}：坐标看起来是{datum}坐标（{maker}），与本库已有数据相差约 {offset} 米，"
        "未写入任何数据：请从{datum}转换，或确认按原样导入",
        cli="{name}: looks like {datum} ({maker}), offset ~{offset} m: add --datum {key}, "
        "or --datum wgs84 to keep it as is",
    ),
    # {count} of {total} features more than {km} km outside the city; nothing was written
    "import.outside_city": T(
        _FAR_EN + "; nothing was written: check the data's coordinate system, or allow "
        "features outside the city",
        _FAR_ZH + "，未写入任何数据：请检查数据的坐标系，或选择允许导入市外要素",
        cli=_FAR_EN + "; nothing was written: check the CRS (--crs), or add --allow-outside "
        "to import them anyway",
    ),
    "import.outside_degrees": T(
        _FAR_EN + ": the coordinates are degrees (e.g. {example}) read as {crs} metres; "
        "nothing was written: choose a lon/lat coordinate system (EPSG:4490)",
        _FAR_ZH + "：坐标是经纬度（如 {example}），却按 {crs}（米）读取，未写入任何数据："
        "请在“坐标系”中选择经纬度坐标系（EPSG:4490）",
        cli=_FAR_EN + ": the coordinates are degrees (e.g. {example}) read as {crs} metres; "
        "nothing was written: give --crs EPSG:4490 (or --allow-outside to import them anyway)",
    ),
    "import.outside_degrees_swapped": T(
        _FAR_EN + ": the coordinates are degrees in latitude, longitude order (e.g. {example}) "
        "read as {crs} metres; nothing was written: swap the two columns and choose a lon/lat "
        "coordinate system (EPSG:4490)",
        _FAR_ZH + "：坐标是先纬度后经度的经纬度（如 {example}），却按 {crs}（米）读取，"
        "未写入任何数据：请交换两列坐标，并在“坐标系”中选择经纬度坐标系（EPSG:4490）",
        cli=_FAR_EN + ": the coordinates are degrees in latitude, longitude order "
        "(e.g. {example}) read as {crs} metres; nothing was written: swap the two columns and "
        "give --crs EPSG:4490 (or --allow-outside to import them anyway)",
    ),
    "import.outside_zone": T(
        _FAR_EN + ": they fit the Gauss-Krüger zone with central meridian {cm}°E ({suggest}), "
        "not {crs}; nothing was written: choose {suggest}",
        _FAR_ZH + "：这些坐标符合中央子午线为东经 {cm}° 的高斯-克吕格投影带（{suggest}），"
        "而不是 {crs}，未写入任何数据：请在“坐标系”中选择 {suggest}",
        cli=_FAR_EN + ": they fit the Gauss-Krüger zone with central meridian {cm}°E "
        "({suggest}), not {crs}; nothing was written: give --crs {suggest} (or --allow-outside "
        "to import them anyway)",
    ),
    "import.outside_swapped_xy": T(
        _FAR_EN + ": x and y look swapped (e.g. {example} in {crs}); nothing was written: "
        "swap the two coordinate columns",
        _FAR_ZH + "：X 与 Y 看起来颠倒了（如 {example}，{crs}），未写入任何数据：请交换两列坐标",
        cli=_FAR_EN + ": x and y look swapped (e.g. {example} in {crs}); nothing was written: "
        "swap the two coordinate columns (or --allow-outside to import them anyway)",
    ),
    "import.outside_lonlat_order": T(
        _FAR_EN + ": longitude and latitude look swapped (e.g. {example}); nothing was "
        "written: swap the two coordinate columns",
        _FAR_ZH + "：经度与纬度看起来颠倒了（如 {example}），未写入任何数据：请交换两列坐标",
        cli=_FAR_EN + ": longitude and latitude look swapped (e.g. {example}); nothing was "
        "written: swap the two coordinate columns (or --allow-outside to import them anyway)",
    ),
    # -- re-import ------------------------------------------------------------------------------
    "import.gone_in_use": T(
        "{count} sites gone from the source are still named by {users}; nothing was written: "
        "keep them in the file, or import without deleting what is gone",
        "来源中已没有的 {count} 个场所仍被{users}引用，未写入任何数据：请在文件中保留它们，"
        "或导入时不删除来源中已没有的场所",
        cli="{count} sites gone from the source are still named by {users}; nothing was "
        "written: keep them in the file, or leave out --delete-gone",
    ),
    # -- notes: what the reader assumed or did (not refusals) --------------------------------
    "note.degrees_as_cgcs2000": T(
        "coordinates in degrees taken as CGCS2000 (EPSG:4490)",
        "坐标为经纬度，按 CGCS2000（EPSG:4490）读取",
    ),
    "note.xy_metres_need_crs": T(
        "x/y columns are metres: give their CRS",
        "X/Y 列以米为单位：请在“坐标系”中选择它们的坐标系",
    ),
    "note.xy_not_degrees": T(
        "the x/y columns are not degrees: give their CRS",
        "X/Y 列不是经纬度：请在“坐标系”中选择它们的坐标系",
    ),
    "note.no_crs_degrees": T(
        "the file names no CRS; its coordinates look like degrees: CGCS2000",
        "文件未注明坐标系；坐标看起来是经纬度，按 CGCS2000 读取",
    ),
    "note.no_crs_not_degrees": T(
        "the file names no CRS and its coordinates are not degrees: give the CRS",
        "文件未注明坐标系，且坐标不是经纬度：请在“坐标系”中选择数据的坐标系",
    ),
    "note.bom_dropped": T(
        "a UTF-8 byte order mark at the start was dropped; read as {encoding}",
        "已去掉文件开头的 UTF-8 字节顺序标记，按 {encoding} 读取",
    ),
    "note.xlsx_encoding_ignored": T(
        "XLSX files carry their own encoding; {encoding} ignored",
        "XLSX 文件自带文字编码，所选的 {encoding} 未使用",
    ),
    "note.utf8_format": T(
        "{format} files are UTF-8; encoding {encoding} ignored",
        "{format} 文件使用 UTF-8 编码，所选的 {encoding} 未使用",
    ),
    "note.cpg_wrong": T(
        "{cpg_part} says {cpg!r} but the attribute text is not {cpg}; read as {found}",
        "{cpg_part} 标明编码为 {cpg}，但属性文字不是 {cpg}；已按 {found} 读取",
    ),
    "note.no_cpg_detected": T(
        "{name} has no .cpg; its attribute text was detected as {found}",
        "{name} 没有 .cpg 文件；属性文字识别为 {found} 编码",
    ),
    "note.datum_converted": T(
        "coordinates converted from {datum} to CGCS2000",
        "坐标已从 {datum} 转换为 CGCS2000",
    ),
    # -- the grey basemap (riskmap import --basemap, 文件 → 导入底图…) ----------------------------
    # {kind} road/water/landuse (Words), {choices} the kinds
    "import.basemap_kind": T(
        "unknown basemap kind {kind!r} (use one of {choices}, or auto)",
        "未知的底图要素类别 {kind}（可选：{choices}，或自动识别）",
    ),
    "import.basemap_untagged": T(
        "{name}: no feature says whether it is a road, water or land use (no highway, waterway, "
        "natural or landuse value); nothing was written: choose what the file holds",
        "{name}：没有任何要素能看出是道路、水系还是土地利用（缺少 highway、waterway、natural 或 "
        "landuse 属性），未写入任何数据：请选择文件中是哪类要素",
        cli="{name}: no feature says whether it is a road, water or land use (no highway, "
        "waterway, natural or landuse value); nothing was written: give --kind road|water|landuse",
    ),
    "import.basemap_write": T(
        "cannot write the basemap; nothing was imported: {detail}",
        "无法写入底图，未导入任何数据：{detail}",
    ),
    "note.basemap_untagged": T(
        "{count} features carry no highway, waterway, natural or landuse value and were left out",
        "{count} 个要素没有 highway、waterway、natural 或 landuse 属性，未导入底图",
    ),
    "note.basemap_replaced": T(
        "the {old} features source {source!r} imported before were replaced",
        "来源「{source}」上次导入的 {old} 个底图要素已被替换",
    ),
    "note.basemap_kinds": T(
        "basemap: {road} roads, {water} water features, {landuse} land-use areas",
        "底图：道路 {road} 条，水系 {water} 处，土地利用 {landuse} 块",
    ),
}
