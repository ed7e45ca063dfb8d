"""Messages of the database layer (riskmap.store): opening, creating, upgrading, watching."""

from riskmap.messages.template import Template as T

MESSAGES = {
    "store.unknown_crs": T(
        "unknown coordinate system {crs!r} (e.g. EPSG:4544)",
        "未知的坐标系 {crs}（例如 EPSG:4544）",
    ),
    "store.crs_not_metric": T(
        "{crs} is not a projected (metric) coordinate system",
        "{crs} 不是以米为单位的投影坐标系",
    ),
    "store.not_url": T(
        "not a database URL: {url!r} (e.g. sqlite:///path/riskmap.sqlite)",
        "不是有效的数据库地址：{url}（例如 sqlite:///path/riskmap.sqlite）",
    ),
    "store.is_folder": T(
        "{path} is a directory, not a database file", "{path} 是文件夹，不是数据库文件"
    ),
    "store.not_sqlite": T(
        "{path} is not a SQLite database (its header is not 'SQLite format 3')",
        "{path} 不是 SQLite 数据库文件",
    ),
    "store.backend": T(
        "riskmap runs on SQLite or PostgreSQL + PostGIS, not {backend} "
        "(e.g. postgresql+psycopg2://user@host/riskmap)",
        "只支持 SQLite 或 PostgreSQL + PostGIS 数据库，不支持 {backend}"
        "（例如 postgresql+psycopg2://user@host/riskmap）",
    ),
    "store.bad_url": T(
        "cannot use database URL {url!r}: {detail}", "无法使用数据库地址 {url}（{detail}）"
    ),
    "store.cannot_open": T("cannot open {url}: {detail}", "无法打开 {url}：{detail}"),
    "store.cannot_create_db": T(
        "database {name!r} does not exist and cannot be created: {detail}",
        "数据库 {name} 不存在，也无法创建：{detail}",
    ),
    "store.missing": T(
        "no database at {path}; create one first",
        "{path} 处没有数据库；请先新建数据库",
        cli="no database at {path}; create it with: riskmap db init --db {url}",
    ),
    "store.not_riskmap": T(
        "{url} is not a riskmap database (no riskmap tables)",
        "{url} 不是风险地图数据库（没有相应的数据表）",
        cli="{url} is not a riskmap database (no riskmap tables); see riskmap db init",
    ),
    "store.no_crs": T(
        "{url} has no coordinate system recorded (meta.crs); it is incomplete",
        "{url} 没有记录坐标系，数据库不完整",
    ),
    "store.too_new": T(
        "{url} has schema version {version}, newer than this riskmap ({ours})",
        "{url} 的数据库结构版本为 {version}，比本程序支持的版本（{ours}）新；请升级本程序",
    ),
    "store.needs_upgrade": T(
        "{url} has schema version {version}; it needs an upgrade to version {ours}",
        "{url} 的数据库结构版本为 {version}，需要升级到版本 {ours} 后才能打开",
        cli="{url} has schema version {version}; upgrade it with: riskmap db upgrade --db {url}",
    ),
    "store.unknown_version": T(
        "unknown schema version {version}", "无法识别的数据库结构版本 {version}"
    ),
    "store.upgrade_failed": T("cannot upgrade {url}: {detail}", "无法升级 {url}：{detail}"),
    "store.exists": T(
        "{path} already exists; choose to replace it",
        "{path} 已存在；如要替换，请确认覆盖",
        cli="{path} already exists; pass --force to replace it",
    ),
    "store.cannot_create": T("cannot create {url}: {detail}", "无法创建 {url}：{detail}"),
    "store.has_tables": T(
        "this database already holds riskmap tables; choose to replace them",
        "该数据库中已有风险地图数据表；如要替换，请确认覆盖",
        cli="this database already holds riskmap tables; pass --force to replace them",
    ),
    "store.foreign_tables": T(
        "{url} holds other tables but no riskmap ones; choose an empty database",
        "{url} 中有其他数据表，但没有风险地图数据表；请选择一个空数据库",
    ),
    "store.demo_crs": T(
        "a CRS applies to an empty database; the demo city brings its own",
        "只有空数据库可以指定坐标系；示例城市自带坐标系",
    ),
    "store.demo_missing": T(
        "the demo city is missing ({path})",
        "缺少示例城市数据（{path}）；请重新安装本程序",
        cli="the demo city is missing ({path}); rebuild it with: riskmap demo",
    ),
    "store.cannot_write": T("cannot write {url}: {detail}", "无法写入 {url}：{detail}"),
    "store.same_database": T(
        "the source and the destination are the same database", "源数据库和目标数据库是同一个"
    ),
    "store.no_postgis": T(
        "PostGIS is not installed on this PostgreSQL server",
        "该 PostgreSQL 服务器没有安装 PostGIS；请联系数据库管理员安装",
        cli="PostGIS is not installed on this PostgreSQL server "
        "(Debian: apt install postgresql-15-postgis-3)",
    ),
    "store.postgis_denied": T(
        "this database has no PostGIS and the user may not add it; "
        "ask its owner to run: CREATE EXTENSION postgis",
        "该数据库没有启用 PostGIS，当前登录也无权启用；请数据库所有者执行 CREATE EXTENSION postgis",
    ),
    "store.watch_needs_pg": T(
        "change notifications need PostgreSQL; {url} is {backend} (watch the file instead)",
        "只有 PostgreSQL 数据库能推送修改通知；{url} 是 {backend}",
    ),
    "store.cannot_listen": T(
        "cannot listen for changes on {url}: {detail}", "无法接收 {url} 的修改通知：{detail}"
    ),
    "store.not_listening": T(
        "not listening for changes: {detail}", "未能接收其他席位的修改通知：{detail}"
    ),
}
