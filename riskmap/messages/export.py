"""Messages of what riskmap writes: layer exports, patrol rosters, briefings."""

from riskmap.messages.template import Template as T

MESSAGES = {
    "export.suffix": T(
        "cannot export to {name}: choose a suffix ({known})",
        "无法导出为 {name}：请选择以下格式之一（{known}）",
    ),
    "export.unknown_crs": T("unknown coordinate system {crs!r}", "未知的坐标系 {crs}"),
    "export.none_selected": T(
        "layer {layer} has none of the selected sites", "图层“{layer}”中没有所选的场所"
    ),
    "export.empty_layer": T(
        "layer {layer} has no sites to export", "图层“{layer}”中没有可导出的场所"
    ),
    "export.xlsx_cell": T(
        "a geometry of layer {layer} is too large for an XLSX cell (32,767 characters); "
        "export it as GeoPackage or CSV",
        "图层“{layer}”中有几何图形超出 XLSX 单元格的长度上限（32,767 个字符）；"
        "请导出为 GeoPackage 或 CSV",
    ),
    "export.mixed_types": T(
        "layer {layer} mixes geometry types (lines and polygons); a shapefile holds one: "
        "export as GeoPackage, or select one type",
        "图层“{layer}”中既有线又有面，而 Shapefile 只能容纳一种；请导出为 GeoPackage，或只选择一种",
    ),
    "export.cannot_write": T("cannot write {path}: {detail}", "无法写入 {path}：{detail}"),
    "export.no_temp_name": T(
        "no free temporary name beside {path}", "无法在 {path} 旁边创建临时文件"
    ),
    "export.cannot_reproject": T(
        "cannot reproject from {crs!r}: {detail}", "无法从坐标系 {crs} 换算坐标"
    ),
    "export.patrol_suffix": T(
        "{name}: export to .kml, .geojson or .xlsx", "{name}：只能导出为 .kml、.geojson 或 .xlsx"
    ),
    # -- printed maps (riskmap map, 文件 → 导出地图…) ------------------------------------------
    "print.format": T(
        "cannot print the map to {path}: choose a PDF or PNG file",
        "无法将地图导出为 {path}：请选择 PDF 或 PNG 文件",
        cli="cannot print the map to {path}: --out takes a file ending in .pdf or .png",
    ),
    "print.dpi": T(
        "a resolution of {dpi} dpi cannot be printed (use {low}–{high})",
        "分辨率 {dpi} 点/英寸无法导出（可选 {low}–{high}）",
        cli="--dpi {dpi}: use {low}–{high}",
    ),
    "print.paper": T(
        "unknown paper size {paper!r} (use {papers})",
        "纸张大小只能选 A4 或 A3",
    ),
    # -- briefings ----------------------------------------------------------------------------
    "brief.unknown_format": T(
        "unknown briefing format {format!r} (use {known})",
        "未知的简报格式 {format}（可选：{known}）",
    ),
    "brief.no_format": T(
        "choose at least one format (HTML, PDF or XLSX)", "请至少选择一种格式（HTML、PDF 或 XLSX）"
    ),
    "brief.folder_is_file": T("{path} is a file; choose a folder", "{path} 是文件，请选择文件夹"),
    "brief.no_city": T(
        "the database has no city district to brief on",
        "数据库中没有全市的行政区，无法生成简报；请先导入行政区划",
    ),
    "brief.not_county": T(
        "a briefing covers the city or one county (县区); {district} ({code}) is a {level}",
        "简报只能针对全市或一个区县；{district}（{code}）是{level}",
    ),
    "brief.page_file": T(
        "a file of the briefing page is missing: {path} ({detail})",
        "缺少简报网页所需的文件：{path}（{detail}）；请重新安装本程序",
    ),
    "brief.map_not_png": T("the map image is not a PNG", "地图图片不是 PNG 格式"),
    "brief.map_empty": T("the map image is empty", "地图图片是空的"),
    # -- fonts of the documents ---------------------------------------------------------------
    "brief.fonts_folder_missing": T(
        "riskmap's bundled fonts are missing ({detail}): reinstall riskmap",
        "缺少本程序自带的字体（{detail}）；请重新安装本程序",
    ),
    "brief.fonts_missing": T(
        "riskmap's bundled fonts are missing from {folder} ({names}): reinstall riskmap",
        "{folder} 中缺少本程序自带的字体（{names}）；请重新安装本程序",
    ),
    "brief.font_not_file": T(
        "the official-document font {path} (set in {where}) is not a file",
        "公文字体 {path}（见{where}）不是文件",
    ),
    "brief.font_not_chinese": T(
        "the official-document font {path} (set in {where}) has no Chinese glyphs "
        "(it cannot write {probe})",
        "公文字体 {path}（见{where}）中没有中文字形（无法写出“{probe}”）",
    ),
    "brief.font_unreadable": T(
        "cannot read font {path}: {detail}", "无法读取字体文件 {path}（文件已损坏或不是字体）"
    ),
    "brief.cannot_create_folder": T(
        "cannot create the folder {path}: {detail}", "无法创建文件夹 {path}：{detail}"
    ),
}
