"""Messages for failures of the environment (database, disk, files, GDAL, GEOS) and bugs."""

from riskmap.messages.template import Template as T

MESSAGES = {
    "error.plain": T("{detail}", "{detail}"),
    "error.internal": T(
        "an unexpected error ({detail}); the details are in the log {log}",
        "发生了意外错误（{detail}），详细信息已记录在日志文件 {log}",
    ),
    "error.internal_unlogged": T("an unexpected error ({detail})", "发生了意外错误（{detail}）"),
    # -- the database -------------------------------------------------------------------------
    "env.db_read_only": T(
        "the database is read-only: nothing was changed (open a copy you may write to, "
        "or ask for write access)",
        "数据库是只读的，未做任何修改（请打开有写入权限的数据库副本，或申请写入权限）",
    ),
    "env.db_locked": T(
        "the database is busy (another program is writing to it): nothing was changed; "
        "try again in a moment",
        "数据库正忙（另一个程序正在写入），未做任何修改；请稍后再试",
    ),
    "env.db_disk_full": T(
        "the disk holding the database is full: nothing was written; free some space and try again",
        "数据库所在的磁盘已满，未写入任何数据；请清理出空间后重试",
    ),
    "env.db_cannot_open": T(
        "the database file cannot be opened (its folder is missing or not accessible)",
        "无法打开数据库文件（所在文件夹不存在或无法访问）",
    ),
    "env.db_damaged": T(
        "the database file is damaged or not a database", "数据库文件已损坏，或不是数据库文件"
    ),
    "env.db_unreachable": T(
        "the database server cannot be reached ({detail})", "无法连接数据库服务器（{detail}）"
    ),
    "env.db_denied": T(
        "the database refuses this login ({detail})", "数据库拒绝了当前登录（{detail}）"
    ),
    "env.db_error": T("the database reports an error: {detail}", "数据库报告错误：{detail}"),
    # -- files and the disk -------------------------------------------------------------------
    "env.disk_full": T(
        "the disk is full ({path}): nothing was written; free some space and try again",
        "磁盘已满（{path}），未写入任何数据；请清理出空间后重试",
    ),
    "env.file_too_big": T(
        "the file is larger than this system allows ({path})",
        "文件超出了系统允许的大小（{path}）",
    ),
    "env.read_only_fs": T(
        "{path} is on a read-only disk: nothing was written",
        "{path} 位于只读磁盘上，未写入任何数据",
    ),
    "env.no_permission": T("no permission to use {path}", "没有使用 {path} 的权限"),
    "env.no_such_file": T("no such file or folder: {path}", "文件或文件夹不存在：{path}"),
    "env.is_folder": T("{path} is a folder, not a file", "{path} 是文件夹，不是文件"),
    "env.os_error": T("cannot use {path}: {detail}", "无法使用 {path}（{detail}）"),
    "env.memory": T(
        "not enough memory for this; close other programs or use a smaller file",
        "内存不足；请关闭其他程序，或使用较小的文件",
    ),
    "install.missing_folder": T(
        "riskmap cannot find its {folder}/ directory (looked in {searched})",
        "找不到本程序的 {folder} 文件夹（查找过 {searched}）；请重新安装本程序",
    ),
    # -- geometry libraries -------------------------------------------------------------------
    "env.geometry": T(
        "a geometry could not be computed ({detail})", "无法计算几何图形（{detail}）"
    ),
    "env.gdal": T("the file cannot be read ({detail})", "无法读取文件（{detail}）"),
    "env.crs": T("the coordinate system cannot be used ({detail})", "无法使用该坐标系（{detail}）"),
}
