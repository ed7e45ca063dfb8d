"""Messages of the office's documents: settings, the number register (riskmap.core.documents)."""

from riskmap.messages.template import Template as T

MESSAGES = {
    "documents.kind": T(
        "no document register {kind!r}: the registers are {choices}",
        "没有名为“{kind}”的发文登记；可用的是 {choices}",
    ),
    "documents.seal_not_png": T(
        "the seal image must be a PNG file (with a transparent background)",
        "印章图片须为 PNG 文件（背景透明）",
    ),
    "documents.seal_too_big": T(
        "the seal image is {mb} MB; at most {limit_mb} MB is accepted (a seal, not a scanned page)",
        "印章图片有 {mb} 兆字节，最大只能 {limit_mb} 兆字节（应为印章图片，而不是整页扫描件）",
    ),
    "documents.bad_prefix": T(
        "the number prefix {given!r} should be the office's abbreviation only, like 石安办督 "
        "(the year and number are added)",
        "发文字号前缀“{given}”应只写机关代字，如“石安办督”（年份和序号会自动加上）",
    ),
    "documents.register_busy": T(
        "no document number could be issued: other seats kept taking the next one ({detail}); "
        "nothing was issued, try again",
        "未能取得发文字号：其他席位同时在取号（{detail}）；未登记任何字号，请重试",
    ),
}
