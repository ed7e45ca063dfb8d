"""Messages of the selected area (riskmap.core.region) and of the Python API's region arguments.

{what} and {kind} name the region (words.region: 矩形范围, 圆形, 行政区 …); {west}…{north} are the
longitudes and latitudes where the map's coordinate system is faithful.
"""

from riskmap.messages.template import Template as T

_WINDOW_EN = "longitude {west:g}…{east:g}, latitude {south:g}…{north:g}"
_WINDOW_ZH = "经度 {west:g}…{east:g}、纬度 {south:g}…{north:g}"

MESSAGES = {
    # -- coordinates --------------------------------------------------------------------------
    "region.lonlat_not_finite": T(
        "{what}: coordinates must be finite numbers, got {lon}, {lat}",
        "{what}的坐标须为有效数值，而不是 {lon}, {lat}",
    ),
    "region.not_lonlat": T(
        "{what}: ({lon}, {lat}) is not longitude/latitude in degrees "
        "(longitude −180…180, latitude −90…90); projected metres given as degrees?",
        "{what}（{lon}, {lat}）不是经纬度（经度 −180…180，纬度 −90…90）；是否把以米为单位的"
        "投影坐标当成了经纬度？",
    ),
    "region.degrees_not_finite": T(
        "{what} has coordinates that are not finite numbers", "{what}中有坐标不是有效数值"
    ),
    "region.metres_as_degrees": T(
        "{what} has coordinates such as ({x}, {y}) outside longitude/latitude range; they look "
        "like projected metres, but degrees (EPSG:4490/4326) are expected",
        "{what}中有坐标（如 {x}, {y}）超出经纬度范围，看起来是以米为单位的投影坐标；"
        "这里需要经纬度（EPSG:4490 或 EPSG:4326）",
    ),
    "region.outside_map": T(
        f"the {{what}} lies outside {_WINDOW_EN}, the area the map's coordinate system {{crs}} "
        "covers; no site can be inside it",
        f"{{what}}位于{_WINDOW_ZH} 之外，超出了地图坐标系 {{crs}} 的适用范围，其中不会有任何场所",
    ),
    "region.cannot_project": T(
        "the {what} cannot be projected to {crs}", "{what}无法换算到坐标系 {crs}"
    ),
    # -- rectangles ---------------------------------------------------------------------------
    "region.bbox_order": T(
        "bounding box needs min < max: lon {minlon}…{maxlon}, lat {minlat}…{maxlat}",
        "矩形范围的最小值须小于最大值：经度 {minlon}…{maxlon}，纬度 {minlat}…{maxlat}",
    ),
    "region.rect_not_finite": T(
        "rectangle corners must be finite numbers: ({x0}, {y0}), ({x1}, {y1})",
        "矩形的角点坐标须为有效数值：（{x0}, {y0}）、（{x1}, {y1}）",
    ),
    "region.rect_no_area": T(
        "rectangle has no area: ({x0}, {y0}) to ({x1}, {y1})",
        "矩形没有面积：（{x0}, {y0}）至（{x1}, {y1}）；请拖出一个矩形",
    ),
    # -- polygons -----------------------------------------------------------------------------
    "region.unknown_kind": T(
        "unknown region kind {kind!r} (one of {choices})", "未知的区域类型 {kind}"
    ),
    "region.no_geometry": T("{kind}: no geometry given", "{kind}：没有图形"),
    "region.empty": T("{kind}: the polygon is empty", "{kind}：多边形是空的"),
    "region.not_finite": T(
        "{kind}: the polygon has coordinates that are not finite numbers",
        "{kind}：多边形中有坐标不是有效数值",
    ),
    "region.not_polygon": T(
        "{kind}: a {geometry} has no area; give a polygon",
        "{kind}：{geometry}没有面积，请给出多边形",
    ),
    "region.no_area": T("{kind}: the polygon has no area", "{kind}没有面积"),
    # -- GeoJSON ------------------------------------------------------------------------------
    "region.geojson_not_utf8": T("GeoJSON is not UTF-8 text", "GeoJSON 不是 UTF-8 文本"),
    "region.geojson_syntax": T(
        "malformed GeoJSON at line {line} column {column}: {detail}",
        "GeoJSON 格式有误：第 {line} 行第 {column} 列有语法错误",
    ),
    "region.geojson_not_object": T(
        "GeoJSON must be an object with a 'type' (FeatureCollection, Feature, …)",
        "GeoJSON 格式有误：须为要素集合、要素或几何图形",
    ),
    "region.geojson_malformed": T(
        "malformed GeoJSON {type}: {detail}", "GeoJSON 中的 {type} 格式有误"
    ),
    "region.geojson_type": T(
        "GeoJSON type {type!r} is not a FeatureCollection, Feature or geometry",
        "GeoJSON 类型 {type} 不是要素集合、要素或几何图形",
    ),
    "region.geojson_no_geometry": T("GeoJSON holds no geometry", "GeoJSON 中没有任何图形"),
    "region.geojson_empty": T(
        "GeoJSON polygon is empty (it has no coordinates)", "GeoJSON 中的多边形是空的（没有坐标）"
    ),
    "region.geojson_no_polygon": T(
        "GeoJSON holds no polygon (found {found})", "GeoJSON 中没有多边形（只有{found}）"
    ),
    # -- circles ------------------------------------------------------------------------------
    "region.radius": T(
        "circle radius must be a positive number of metres, got {radius}",
        "圆的半径须大于 0 米，而不是 {radius}",
    ),
    "region.centre_not_finite": T(
        "circle centre must be finite numbers, got {x}, {y}",
        "圆心坐标须为有效数值，而不是 {x}, {y}",
    ),
    "region.centre_too_far": T(
        "circle centre ({x}, {y}) is further out than any map reaches ({limit} m from the origin "
        "of {crs})",
        "圆心（{x}, {y}）远在任何地图的范围之外（坐标系 {crs}）",
    ),
    "region.centre_outside": T(
        f"circle centre ({{lon:g}}, {{lat:g}}) lies outside {_WINDOW_EN}, the area the map's "
        "coordinate system {crs} covers",
        f"圆心（{{lon:g}}, {{lat:g}}）位于{_WINDOW_ZH} 之外，超出了地图坐标系 {{crs}} 的适用范围",
    ),
    # -- districts ----------------------------------------------------------------------------
    "region.district_query": T("district: give a code or a name", "请给出行政区的代码或名称"),
    "region.district_ambiguous": T(
        "district {query!r} is ambiguous: it matches {matches}; give the code",
        "“{query}”对应多个行政区：{matches}；请给出代码",
    ),
    "region.no_district": T(
        "no district with code or name {query!r}", "没有代码或名称为“{query}”的行政区"
    ),
    "region.no_district_close": T(
        "no district with code or name {query!r}; close names: {close}",
        "没有代码或名称为“{query}”的行政区；相近的名称：{close}",
    ),
    # -- buffers and patrol areas -----------------------------------------------------------
    "region.buffer_distance": T(
        "buffer distance must be a positive number of metres, got {distance}",
        "缓冲距离须大于 0 米，而不是 {distance}",
    ),
    "region.buffer_nothing": T(
        "buffer: nothing selected to buffer around",
        "缓冲区：没有选中任何风险点或路线；请先选择",
    ),
    "region.buffer_not_finite": T(
        "buffer: the selection has coordinates that are not finite numbers",
        "缓冲区：所选对象中有坐标不是有效数值",
    ),
    "region.patrol_no_geometry": T(
        "patrol area {name!r} has no geometry", "巡查区域“{name}”没有图形；请在地图上绘制"
    ),
    "region.patrol_buffer": T(
        "patrol area {name!r}: buffer must be ≥ 0 metres, got {distance}",
        "巡查区域“{name}”：缓冲宽度不能为负数（{distance}）",
    ),
    "region.patrol_route_buffer": T(
        "patrol route {name!r} needs a buffer distance > 0 to cover an area",
        "巡查路线“{name}”的缓冲宽度须大于 0 米，才能覆盖一片区域",
    ),
    # -- the Python API's region arguments ---------------------------------------------------
    "region.one_only": T("give one region, not {given}", "只能给出一个区域，不能同时给出{given}"),
    "region.numbers": T(
        "{form} needs {n} numbers, got {got}", "{form} 需要 {n} 个数值，而不是 {got}"
    ),
    "region.polygon_text": T(
        "polygon: neither WKT nor GeoJSON ({detail})",
        "多边形既不是 WKT 也不是 GeoJSON",
    ),
    "region.polygon_type": T(
        "polygon: give WKT, GeoJSON, a shapely geometry or a GeoDataFrame, not {type}",
        "多边形须为 WKT、GeoJSON 或几何图形对象，而不是 {type}",
    ),
    "api.as_of": T(
        "as_of must be a date or YYYY-MM-DD, got {value!r}",
        "日期格式有误：{value}（应为年-月-日，如 2026-04-01）",
    ),
    # -- notes: what was done to the region (not refusals) ----------------------------------
    "note.region_repaired": T(
        "the {what} intersected itself; repaired with make_valid",
        "{what}自相交，已自动修复",
    ),
    "note.region_invalid_repaired": T(
        "the {what} was invalid ({reason}); repaired with make_valid",
        "{what}的图形无效，已自动修复",
    ),
    "note.region_clipped": T(
        f"the {{what}} was clipped to {_WINDOW_EN}, the area the map covers",
        f"{{what}}已裁剪到地图坐标系的适用范围（{_WINDOW_ZH}）",
    ),
    "note.geojson_repaired": T(
        "an invalid GeoJSON polygon was repaired with make_valid",
        "无效的 GeoJSON 多边形已自动修复",
    ),
    "note.non_polygons_ignored": T(
        "{count} non-polygon geometries ignored", "已忽略 {count} 个非多边形图形"
    ),
    # -- the city's metric coordinate system (riskmap.core.crs.check_metric_crs) ---------------
    "crs.foreign_datum": T(
        "{crs} ({name}) is on the {datum} datum: longitude/latitude would reach it through "
        "datum transformations that disagree by {apart} m here, so imports and region queries "
        "could land apart; use a coordinate system on WGS84 or CGCS2000 (e.g. {suggest})",
        "{crs}（{name}）基于 {datum} 基准：经纬度换算到该坐标系要经过基准转换，"
        "不同来源的换算在此相差约 {apart} 米，导入的数据与查询范围会对不上；"
        "请改用基于 WGS84 或 CGCS2000 的坐标系（例如 {suggest}）",
    ),
    "crs.grids_missing": T(
        "{crs} ({name}): transforming {src} degrees to it needs {count} correction grid(s) "
        "that are not installed, so its answers are not exact; choose another coordinate system",
        "{crs}（{name}）：从 {src} 经纬度换算需要 {count} 个未安装的改正格网，结果不精确；"
        "请选择其他坐标系",
    ),
    "crs.ambiguous": T(
        "{crs} ({name}): PROJ offers {count} transformations of different accuracy from {src} "
        "degrees, so the same point could land in different places; choose another coordinate "
        "system",
        "{crs}（{name}）：从 {src} 经纬度换算有 {count} 种精度不同的方法，同一点可能落在不同位置；"
        "请选择其他坐标系",
    ),
    "crs.not_conformal": T(
        "{crs} ({name}) is not conformal: a circle on the ground is not a circle on it; choose a "
        "Gauss-Krüger or UTM coordinate system",
        "{crs}（{name}）不是等角投影：地面上的圆在图上不是圆；请选择横轴墨卡托投影（如高斯-克吕格）坐标系",
    ),
}
