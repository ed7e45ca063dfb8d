"""Messages of the basemap tiles (riskmap.core.tiles, riskmap.io.tilecache, riskmap.io.mbtiles):
the user's choice in 底图… and what a tile server or file answers."""

from riskmap.messages.template import Template as T

MESSAGES = {
    "tiles.unknown_kind": T("unknown basemap setting {kind}", "无法识别的底图设置：{kind}"),
    "tiles.no_mbtiles": T("choose an MBTiles file", "请选择一个 MBTiles 文件"),
    "tiles.mbtiles_missing": T("no such MBTiles file: {path}", "MBTiles 文件不存在：{path}"),
    "tiles.mbtiles_not_tiles": T(
        "{name} is not an MBTiles file ({detail})", "{name} 不是 MBTiles 瓦片文件（{detail}）"
    ),
    "tiles.mbtiles_empty": T("{name} holds no tiles", "{name} 中没有任何瓦片"),
    "tiles.tianditu_key_format": T(
        "a 天地图 key is 32 letters and digits, as the 天地图 developer console shows it",
        "天地图密钥应为 32 位字母和数字，请从天地图开发者控制台复制完整的密钥",
    ),
    "tiles.tianditu_refused": T(
        "天地图 refused the key (HTTP {status}): check that the key is right and enabled, and "
        "that today's quota is not used up",
        "天地图拒绝了该密钥（服务器返回 {status}）：请检查密钥是否正确、是否已启用，"
        "以及当日访问量是否已用完",
    ),
    "tiles.server_refused": T(
        "the tile server {host} refused the request (HTTP {status}); check the URL",
        "瓦片服务器 {host} 拒绝了请求（返回 {status}），请检查瓦片地址",
    ),
    "tiles.subdomains": T(
        "the subdomains for {{s}} are letters or digits, one per server (such as abc), "
        "not {subdomains}",
        "子域名须为字母或数字，每个字符代表一台服务器（如 1234），而不是 {subdomains}",
    ),
    "tiles.url_scheme": T(
        "a tile URL starts with http:// or https://, not {url}",
        "瓦片地址须以 http:// 或 https:// 开头，而不是 {url}",
    ),
    "tiles.url_placeholders": T(
        "the tile URL lacks {missing}; it needs {{z}}, {{x}} and {{y}} where the zoom, column "
        "and row go",
        "瓦片地址缺少 {missing}：地址中须用 {{z}}、{{x}}、{{y}} 标出缩放级别、列号和行号",
    ),
}
