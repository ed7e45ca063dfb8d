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
    "export.patrol_suffix": T(
        "{name}: export to .kml, .geojson or .xlsx", "{name}：只能导出为 .kml、.geojson 或 .xlsx"
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
    "brief.cannot_create_folder": T(
        "cannot create the folder {path}: {detail}", "无法创建文件夹 {path}：{detail}"
    ),
}
