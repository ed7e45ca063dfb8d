"""Messages of the city's data and rules: the layer catalogue (layers/*.toml), holiday presets,
the incident report, units' notices, dossiers.

A layer file's message names the file ({file}) and the TOML key ({key}, e.g. style.color): the
person who fixes it edits that file.
"""

from riskmap.messages.template import Template as T

_LAYER = "{file}: {key}: "
_LAYER_ZH = "图层文件 {file}："

MESSAGES = {
    # -- the layer catalogue ----------------------------------------------------------------------
    "catalog.unknown_layer": T("unknown layer {layer!r}", "未知的图层 {layer}"),
    "catalog.unknown_layer_close": T(
        "unknown layer {layer!r} (did you mean {close!r}?)",
        "未知的图层 {layer}（是否想输入 {close}？）",
    ),
    "catalog.no_files": T("{folder}: no layer files (*.toml)", "{folder} 中没有图层文件（*.toml）"),
    "catalog.not_utf8": T(
        "{file}: not UTF-8 text ({detail} at byte {byte})",
        "图层文件 {file} 不是 UTF-8 文本（第 {byte} 字节）",
    ),
    "catalog.cannot_read": T(
        "{file}: cannot read ({detail})", "无法读取图层文件 {file}（{detail}）"
    ),
    "catalog.toml_syntax": T(
        "{file}: TOML syntax error: {detail}", "图层文件 {file} 有 TOML 语法错误"
    ),
    "catalog.toml_syntax_at": T(
        "{file}: TOML syntax error: {detail}",
        "图层文件 {file} 第 {line} 行第 {column} 列有 TOML 语法错误",
    ),
    "catalog.unknown_key": T(_LAYER + "unknown key", _LAYER_ZH + "未知的键 {key}"),
    "catalog.unknown_key_close": T(
        _LAYER + "unknown key (did you mean {close!r}?)",
        _LAYER_ZH + "未知的键 {key}（是否想写 {close}？）",
    ),
    "catalog.missing": T(_LAYER + "missing", _LAYER_ZH + "缺少 {key}"),
    "catalog.missing_table": T(_LAYER + "missing table", _LAYER_ZH + "缺少表 [{key}]"),
    "catalog.not_table": T(_LAYER + "must be a table", _LAYER_ZH + "{key} 须为表"),
    "catalog.not_text": T(
        _LAYER + "must be a non-empty string, got {value!r}",
        _LAYER_ZH + "{key} 须为非空的文字，而不是 {value}",
    ),
    "catalog.not_string": T(_LAYER + "must be a string", _LAYER_ZH + "{key} 须为文字"),
    "catalog.not_colour": T(
        _LAYER + "must be a colour like '#rrggbb' or '#rrggbbaa', got {value!r}",
        _LAYER_ZH + "{key} 须为十六进制颜色（如 #336699 或 #33669980），而不是 {value}",
    ),
    "catalog.not_number": T(
        _LAYER + "must be a number, got {value!r}", _LAYER_ZH + "{key} 须为数值，而不是 {value}"
    ),
    "catalog.not_integer": T(
        _LAYER + "must be an integer, got {value!r}", _LAYER_ZH + "{key} 须为整数，而不是 {value}"
    ),
    "catalog.out_of_range": T(
        _LAYER + "must be between {low} and {high}, got {value}",
        _LAYER_ZH + "{key} 须在 {low} 到 {high} 之间，而不是 {value}",
    ),
    "catalog.one_of": T(
        _LAYER + "must be one of {choices}, got {value!r}",
        _LAYER_ZH + "{key} 须为 {choices} 之一，而不是 {value}",
    ),
    "catalog.key_case": T(
        _LAYER + "must be lower_snake_case ascii, got {value!r}",
        _LAYER_ZH + "{key} 只能由小写英文字母、数字和下划线组成，而不是 {value}",
    ),
    "catalog.key_not_file": T(
        _LAYER + "is {value!r} but the file is named {file!r}; they must match",
        _LAYER_ZH + "{key} 为 {value}，与文件名不一致；两者须相同",
    ),
    "catalog.not_list": T(_LAYER + "must be a list", _LAYER_ZH + "{key} 须为列表"),
    "catalog.not_preset_list": T(
        _LAYER + "must be a list of preset keys", _LAYER_ZH + "{key} 须为专题代码的列表"
    ),
    "catalog.unknown_preset": T(
        _LAYER + "unknown preset {value!r}", _LAYER_ZH + "{key} 中有未知的专题 {value}"
    ),
    "catalog.unknown_preset_close": T(
        _LAYER + "unknown preset {value!r} (did you mean {close!r}?)",
        _LAYER_ZH + "{key} 中有未知的专题 {value}（是否想写 {close}？）",
    ),
    "catalog.unknown_level": T(
        _LAYER + "unknown hazard level", _LAYER_ZH + "{key}：未知的隐患等级"
    ),
    "catalog.unknown_level_close": T(
        _LAYER + "unknown hazard level (did you mean {close!r}?)",
        _LAYER_ZH + "{key}：未知的隐患等级（是否想写 {close}？）",
    ),
    "catalog.class_field": T(
        _LAYER + "names no field of this layer: {value!r}",
        _LAYER_ZH + "{key} 指定的 {value} 不是本图层的字段",
    ),
    "catalog.levels_table": T(
        _LAYER + "must be a table of hazard level → colour",
        _LAYER_ZH + "{key} 须为“隐患等级 → 颜色”的表",
    ),
    "catalog.classes_table": T(
        _LAYER + "must be a table of class value → colour",
        _LAYER_ZH + "{key} 须为“分类值 → 颜色”的表",
    ),
    "catalog.field_key": T(_LAYER + "must be a field key", _LAYER_ZH + "{key} 须为字段的键名"),
    "catalog.fields_array": T(
        _LAYER + "must be an array of tables ([[fields]])",
        _LAYER_ZH + "{key} 须为表数组（[[{key}]]）",
    ),
    "catalog.duplicate_field": T(
        _LAYER + "duplicate field {value!r}", _LAYER_ZH + "{key}：字段 {value} 重复"
    ),
    "catalog.enum_choices": T(
        _LAYER + "an enum field needs its choices", _LAYER_ZH + "{key}：枚举字段须列出可选值"
    ),
    "catalog.flags": T(
        _LAYER + "{flags} must be true or false",
        _LAYER_ZH + "{key} 中的 {flags} 只能为真或假",
    ),
    # -- holiday presets ----------------------------------------------------------------------
    "preset.unknown": T(
        "unknown preset {preset!r} (use one of {choices})",
        "未知的节日/季节专题 {preset}（可选：{choices}）",
    ),
    "preset.window_order": T(
        "the window ends ({ends}) before it starts ({starts})",
        "时段的结束日期（{ends}）早于开始日期（{starts}）",
    ),
    "preset.no_calendar": T(
        "the official calendar has no {holiday} dates for {year} (a lunar holiday has no fixed "
        "rule); give the dates of the window instead",
        "官方节假日安排中没有 {year} 年{holiday}的日期（农历节日没有固定的规则）；"
        "请直接填写时段的日期",
    ),
    "preset.beyond_table": T(
        "no {holiday} dates for {year}: the official calendar and the lunar table "
        "({first_year}–{last_year}) do not cover it; give the dates of the window instead",
        "没有 {year} 年{holiday}的日期：官方节假日安排和农历表"
        "（{first_year}–{last_year} 年）都不含该年；请直接填写时段的日期",
    ),
    # -- the incident report --------------------------------------------------------------------
    "incident.no_rings": T("give at least one ring distance", "请至少填写一个研判半径"),
    "incident.ring_positive": T(
        "a ring distance must be a positive number of metres, got {radius}",
        "研判半径须大于 0 米，而不是 {radius}",
    ),
    "incident.ring_too_big": T(
        "a ring of {km:g} km is larger than {max_km:g} km",
        "研判半径 {km:g} 公里超过了上限 {max_km:g} 公里",
    ),
    "incident.point_not_finite": T(
        "the incident point must be finite numbers, got {x}, {y}",
        "事发点的坐标须为有效数值，而不是 {x}, {y}",
    ),
    "incident.k": T(
        "k must be at least 1, got {k}", "每类应急资源至少列出 1 个最近的，而不是 {k} 个"
    ),
    # -- units' notices ---------------------------------------------------------------------------
    "notice.name_unit": T(
        "name a unit (its id or part of its name)", "请指定责任单位（编号或名称的一部分）"
    ),
    "notice.no_match": T("no unit matches {query!r}", "没有名称含“{query}”的责任单位"),
    "notice.ambiguous": T(
        "{query!r} matches {count} units: {matches}; give the id",
        "“{query}”对应 {count} 个责任单位：{matches}；请给出单位编号",
    ),
    # -- dossiers -------------------------------------------------------------------------------
    "dossier.unknown_level": T(
        "unknown hazard level {level!r} (use {choices})",
        "未知的隐患等级 {level}（可选：{choices}）",
    ),
    "dossier.unknown_status": T(
        "unknown status filter {status!r} (use one of {choices})",
        "未知的整改状态筛选 {status}（可选：{choices}）",
    ),
    "dossier.crs_mismatch": T(
        "region is in {region_crs} but the database uses {crs}",
        "所选区域的坐标系 {region_crs} 与数据库的坐标系 {crs} 不一致",
    ),
    "wall.no_preset_window": T(
        "no preset has a known window after {today}",
        "{today} 之后没有已知日期的节日/季节专题",
    ),
    # -- a new city from its outline (riskmap.io.importer.outline) ----------------------------
    "city.outline_no_crs": T(
        "{name}: the file does not say its coordinate system; choose it",
        "{name} 没有注明坐标系，请选择数据的坐标系",
        cli="{name}: the file does not say its coordinate system; give it with --boundary-crs",
    ),
    "city.outline_no_polygon": T(
        "{name} holds no polygon: a city's outline is one or more polygons",
        "{name} 中没有面要素：城市边界须为一个或多个面",
    ),
    "city.outline_not_degrees": T(
        "{name}: the coordinates do not transform from {crs} to longitude/latitude; is that "
        "the file's coordinate system?",
        "{name} 的坐标无法从 {crs} 换算为经纬度；请确认数据的坐标系",
    ),
    "city.outline_unusable": T(
        "{name}: no polygon of the outline can be used ({why})",
        "{name} 中没有可用的边界面（{why}）",
    ),
    "city.outline_outside_crs": T(
        "{name} lies at longitude {west:.2f}…{east:.2f}, latitude {south:.2f}…{north:.2f}, "
        "outside where {crs} is faithful; the city needs {suggest}",
        "{name} 位于经度 {west:.2f}…{east:.2f}、纬度 {south:.2f}…{north:.2f}，"
        "超出 {crs} 的适用范围；该城市应使用 {suggest}",
        cli="{name} lies at longitude {west:.2f}…{east:.2f}, latitude {south:.2f}…{north:.2f}, "
        "outside where {crs} is faithful; the city needs {suggest} (a new database: "
        "riskmap db init --empty --boundary FILE)",
    ),
    "city.bad_name": T(
        "the city's name must be 1 to {max_chars} characters, not {name!r}",
        "城市名称须为 1 至 {max_chars} 个字符，而不是“{name}”",
    ),
    "city.bad_code": T(
        "the city's district code must be 1 to {max_chars} characters, not {code!r}",
        "城市区划代码须为 1 至 {max_chars} 个字符，而不是“{code}”",
    ),
    "city.boundary_needs_empty": T(
        "a city from its outline starts an empty database",
        "按边界新建城市只能用于空数据库",
        cli="--boundary starts an empty database: add --empty",
    ),
}
