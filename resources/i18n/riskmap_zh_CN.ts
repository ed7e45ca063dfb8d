<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BasemapDialog</name>
    <message>
        <source>Basemap</source>
        <extracomment>底图</extracomment>
        <translation>底图</translation>
    </message>
    <message>
        <source>None</source>
        <extracomment>无</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>Local MBTiles file</source>
        <extracomment>本地 MBTiles 文件</extracomment>
        <translation>本地 MBTiles 文件</translation>
    </message>
    <message>
        <source>Tianditu (key)</source>
        <extracomment>天地图（密钥）</extracomment>
        <translation>天地图（密钥）</translation>
    </message>
    <message>
        <source>Custom XYZ</source>
        <extracomment>自定义 XYZ</extracomment>
        <translation>自定义 XYZ</translation>
    </message>
    <message>
        <source>Source:</source>
        <extracomment>底图来源：</extracomment>
        <translation>底图来源：</translation>
    </message>
    <message>
        <source>No tiles: only the map's own layers are drawn.</source>
        <extracomment>不显示底图瓦片，只显示行政区划等本地图层。</extracomment>
        <translation>不显示底图瓦片，只显示行政区划等本地图层。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <extracomment>文件：</extracomment>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Vector map with labels</source>
        <extracomment>矢量地图（含注记）</extracomment>
        <translation>矢量地图（含注记）</translation>
    </message>
    <message>
        <source>Imagery with labels</source>
        <extracomment>影像地图（含注记）</extracomment>
        <translation>影像地图（含注记）</translation>
    </message>
    <message>
        <source>Key:</source>
        <extracomment>密钥：</extracomment>
        <translation>密钥：</translation>
    </message>
    <message>
        <source>Layer:</source>
        <extracomment>图层：</extracomment>
        <translation>图层：</translation>
    </message>
    <message>
        <source>Apply for the key in the Tianditu developer console; tiles are downloaded only while the map is viewed, and cached on this computer for offline use.</source>
        <extracomment>密钥在天地图开发者控制台申请；瓦片只在查看地图时下载，并缓存在本机以便离线使用。</extracomment>
        <translation>密钥在天地图开发者控制台申请；瓦片只在查看地图时下载，并缓存在本机以便离线使用。</translation>
    </message>
    <message>
        <source>WGS84 (Tianditu, OpenStreetMap…)</source>
        <extracomment>WGS84（天地图、OpenStreetMap 等）</extracomment>
        <translation>WGS84（天地图、OpenStreetMap 等）</translation>
    </message>
    <message>
        <source>GCJ-02 (Amap, Tencent…, corrected)</source>
        <extracomment>GCJ-02（高德、腾讯等，自动纠偏）</extracomment>
        <translation>GCJ-02（高德、腾讯等，自动纠偏）</translation>
    </message>
    <message>
        <source>Tile URL:</source>
        <extracomment>瓦片地址：</extracomment>
        <translation>瓦片地址：</translation>
    </message>
    <message>
        <source>Subdomains {s}:</source>
        <extracomment>子域名 {s}：</extracomment>
        <translation>子域名 {s}：</translation>
    </message>
    <message>
        <source>Coordinates:</source>
        <extracomment>坐标系：</extracomment>
        <translation>坐标系：</translation>
    </message>
    <message>
        <source>Mark the zoom, column and row with {z}, {x} and {y} in the URL; {s} takes each character of the subdomains in turn (such as abc).</source>
        <extracomment>用 {z}、{x}、{y} 标出缩放级别、列号和行号；{s} 轮流取子域名中的字符（如 abc）。</extracomment>
        <translation>用 {z}、{x}、{y} 标出缩放级别、列号和行号；{s} 轮流取子域名中的字符（如 abc）。</translation>
    </message>
    <message>
        <source>MBTiles file</source>
        <extracomment>MBTiles 文件</extracomment>
        <translation>MBTiles 文件</translation>
    </message>
    <message>
        <source>Import basemap</source>
        <extracomment>导入底图</extracomment>
        <translation>导入底图</translation>
    </message>
    <message>
        <source>1 · File</source>
        <extracomment>1 · 文件</extracomment>
        <translation>1 · 文件</translation>
    </message>
    <message>
        <source>2 · What the file holds</source>
        <extracomment>2 · 要素类别</extracomment>
        <translation>2 · 要素类别</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>类别</extracomment>
        <translation>类别</translation>
    </message>
    <message>
        <source>Recognise by the OSM tags (highway, waterway, natural, landuse)</source>
        <extracomment>自动识别（按 OSM 属性 highway、waterway、natural、landuse）</extracomment>
        <translation>自动识别（按 OSM 属性 highway、waterway、natural、landuse）</translation>
    </message>
    <message>
        <source>Roads</source>
        <extracomment>道路</extracomment>
        <translation>道路</translation>
    </message>
    <message>
        <source>Water (rivers, lakes, reservoirs)</source>
        <extracomment>水系（河流、湖泊、水库）</extracomment>
        <translation>水系（河流、湖泊、水库）</translation>
    </message>
    <message>
        <source>Land use (built-up, farmland, forest, …)</source>
        <extracomment>土地利用（建成区、耕地、林地等）</extracomment>
        <translation>土地利用（建成区、耕地、林地等）</translation>
    </message>
    <message>
        <source>Basemap features are only drawn, in quiet greys under the risk layers.</source>
        <extracomment>底图要素只用于显示，以浅灰色绘制在风险图层之下。</extracomment>
        <translation>底图要素只用于显示，以浅灰色绘制在风险图层之下。</translation>
    </message>
    <message>
        <source>They are not sites: they carry no hazards and are never counted.</source>
        <extracomment>它们不是风险点，不关联隐患，也不计入统计。</extracomment>
        <translation>它们不是风险点，不关联隐患，也不计入统计。</translation>
    </message>
    <message>
        <source>Importing the same file (and layer) again replaces what it imported before.</source>
        <extracomment>再次导入同一文件（同一图层）会替换上次导入的内容。</extracomment>
        <translation>再次导入同一文件（同一图层）会替换上次导入的内容。</translation>
    </message>
    <message>
        <source>Import features lying outside the city too (the coordinate system is right)</source>
        <extracomment>本市范围以外的要素也导入（坐标系确认无误时）</extracomment>
        <translation>本市范围以外的要素也导入（坐标系确认无误时）</translation>
    </message>
    <message>
        <source>Check (dry run)</source>
        <extracomment>检查（试运行）</extracomment>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>导入</extracomment>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Importing the basemap needs the admin role.</source>
        <extracomment>导入底图需要管理员角色。</extracomment>
        <translation>导入底图需要管理员角色。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>检查中…</extracomment>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <extracomment>导入中…</extracomment>
        <translation>导入中…</translation>
    </message>
</context>
<context>
    <name>BriefingActions</name>
    <message>
        <source>Briefing…</source>
        <extracomment>节前安全简报…</extracomment>
        <translation>节前安全简报…</translation>
    </message>
    <message>
        <source>Holiday or season briefing: HTML map, PDF, XLSX</source>
        <extracomment>节日/季节安全风险简报：HTML 地图、PDF 和 XLSX</extracomment>
        <translation>节日/季节安全风险简报：HTML 地图、PDF 和 XLSX</translation>
    </message>
    <message>
        <source>Holiday calendar…</source>
        <extracomment>节假日安排…</extracomment>
        <translation>节假日安排…</translation>
    </message>
    <message>
        <source>Enter the State Council's holiday schedule; briefings and patrols use it</source>
        <extracomment>录入国务院公布的放假安排，简报和巡查按录入的日期</extracomment>
        <translation>录入国务院公布的放假安排，简报和巡查按录入的日期</translation>
    </message>
</context>
<context>
    <name>BriefingDialog</name>
    <message>
        <source>Holiday safety briefing</source>
        <extracomment>节前安全简报</extracomment>
        <translation>节前安全简报</translation>
    </message>
    <message>
        <source>Preset:</source>
        <extracomment>专题：</extracomment>
        <translation>专题：</translation>
    </message>
    <message>
        <source>Year:</source>
        <extracomment>年度：</extracomment>
        <translation>年度：</translation>
    </message>
    <message>
        <source>Holiday:</source>
        <extracomment>节日时段：</extracomment>
        <translation>节日时段：</translation>
    </message>
    <message>
        <source>Dates from:</source>
        <extracomment>日期来源：</extracomment>
        <translation>日期来源：</translation>
    </message>
    <message>
        <source>Scope:</source>
        <extracomment>范围：</extracomment>
        <translation>范围：</translation>
    </message>
    <message>
        <source>Requirements (one a line):</source>
        <extracomment>工作要求（每行一条）：</extracomment>
        <translation>工作要求（每行一条）：</translation>
    </message>
    <message>
        <source>Folder:</source>
        <extracomment>保存到文件夹：</extracomment>
        <translation>保存到文件夹：</translation>
    </message>
    <message>
        <source>Formats:</source>
        <extracomment>格式：</extracomment>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Whole city</source>
        <extracomment>全市</extracomment>
        <translation>全市</translation>
    </message>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Holiday calendar…</source>
        <extracomment>节假日安排…</extracomment>
        <translation>节假日安排…</translation>
    </message>
    <message>
        <source>HTML map (opens with no network)</source>
        <extracomment>HTML 地图（无需联网即可打开）</extracomment>
        <translation>HTML 地图（无需联网即可打开）</translation>
    </message>
    <message>
        <source>PDF (to print and hand out)</source>
        <extracomment>PDF（用于打印和会议材料）</extracomment>
        <translation>PDF（用于打印和会议材料）</translation>
    </message>
    <message>
        <source>XLSX (the lists)</source>
        <extracomment>XLSX（隐患和整改清单）</extracomment>
        <translation>XLSX（隐患和整改清单）</translation>
    </message>
    <message>
        <source>Generate</source>
        <extracomment>生成简报</extracomment>
        <translation>生成简报</translation>
    </message>
    <message>
        <source>Cancel</source>
        <extracomment>取消</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Open PDF</source>
        <extracomment>打开 PDF</extracomment>
        <translation>打开 PDF</translation>
    </message>
    <message>
        <source>Open HTML map</source>
        <extracomment>打开 HTML 地图</extracomment>
        <translation>打开 HTML 地图</translation>
    </message>
    <message>
        <source>Open XLSX</source>
        <extracomment>打开 XLSX</extracomment>
        <translation>打开 XLSX</translation>
    </message>
    <message>
        <source>Open folder</source>
        <extracomment>打开文件夹</extracomment>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Key figures</source>
        <extracomment>关键数据预览</extracomment>
        <translation>关键数据预览</translation>
    </message>
    <message>
        <source>PDF preview</source>
        <extracomment>PDF 预览</extracomment>
        <translation>PDF 预览</translation>
    </message>
    <message>
        <source>The PDF shows here once it is written.</source>
        <extracomment>生成后在此预览 PDF。</extracomment>
        <translation>生成后在此预览 PDF。</translation>
    </message>
    <message>
        <source>{0} – {1} ({2} days; checks from {3})</source>
        <extracomment>{0} – {1}（共 {2} 天；节前排查自 {3} 起）</extracomment>
        <translation>{0} – {1}（共 {2} 天；节前排查自 {3} 起）</translation>
    </message>
    <message>
        <source>the flood season: 1 June to 30 September (the north-west's rule)</source>
        <extracomment>主汛期按西北地区惯例定为 6 月 1 日至 9 月 30 日</extracomment>
        <translation>主汛期按西北地区惯例定为 6 月 1 日至 9 月 30 日</translation>
    </message>
    <message>
        <source>the State Council's holiday notice (entered in this database)</source>
        <extracomment>国务院办公厅节假日安排（本库录入）</extracomment>
        <translation>国务院办公厅节假日安排（本库录入）</translation>
    </message>
    <message>
        <source>the State Council's holiday notice (official calendar)</source>
        <extracomment>国务院办公厅节假日安排（官方日历）</extracomment>
        <translation>国务院办公厅节假日安排（官方日历）</translation>
    </message>
    <message>
        <source>estimated from the lunar date table (the official calendar does not cover the year; the State Council's notice decides)</source>
        <extracomment>按农历日期表推算（官方日历未覆盖该年，以国务院当年通知为准）</extracomment>
        <translation>按农历日期表推算（官方日历未覆盖该年，以国务院当年通知为准）</translation>
    </message>
    <message>
        <source>fixed rule (the official calendar does not cover the year)</source>
        <extracomment>按固定规则推算（官方日历未覆盖该年）</extracomment>
        <translation>按固定规则推算（官方日历未覆盖该年）</translation>
    </message>
    <message>
        <source>Computing…</source>
        <extracomment>正在计算…</extracomment>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Choose a folder for the briefing.</source>
        <extracomment>请选择保存简报的文件夹。</extracomment>
        <translation>请选择保存简报的文件夹。</translation>
    </message>
    <message>
        <source>Writing…</source>
        <extracomment>正在生成…</extracomment>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <extracomment>正在取消…</extracomment>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>collecting the figures</source>
        <extracomment>汇总数据</extracomment>
        <translation>汇总数据</translation>
    </message>
    <message>
        <source>writing the HTML map</source>
        <extracomment>写入 HTML 地图</extracomment>
        <translation>写入 HTML 地图</translation>
    </message>
    <message>
        <source>writing the PDF</source>
        <extracomment>写入 PDF</extracomment>
        <translation>写入 PDF</translation>
    </message>
    <message>
        <source>writing the XLSX</source>
        <extracomment>写入 XLSX</extracomment>
        <translation>写入 XLSX</translation>
    </message>
    <message>
        <source>rendering the preview</source>
        <extracomment>生成预览</extracomment>
        <translation>生成预览</translation>
    </message>
    <message>
        <source>Now {0}…</source>
        <extracomment>正在{0}…</extracomment>
        <translation>正在{0}…</translation>
    </message>
    <message>
        <source>No. {0}</source>
        <extracomment>第{0}期</extracomment>
        <translation>第{0}期</translation>
    </message>
    <message>
        <source>draft (not numbered: only an editor's or admin's briefing is)</source>
        <extracomment>草稿（未编号：编辑或管理员生成的简报才取期号）</extracomment>
        <translation>草稿（未编号：编辑或管理员生成的简报才取期号）</translation>
    </message>
    <message>
        <source>Written to {0}: {1} ({2})</source>
        <extracomment>已写入 {0}：{1}（{2}）</extracomment>
        <translation>已写入 {0}：{1}（{2}）</translation>
    </message>
    <message>
        <source>Cancelled: the files already written are whole, the others were not written.</source>
        <extracomment>已取消；已写完的文件保持完整，未写的文件没有生成。</extracomment>
        <translation>已取消；已写完的文件保持完整，未写的文件没有生成。</translation>
    </message>
    <message>
        <source>No PDF was written.</source>
        <extracomment>未生成 PDF。</extracomment>
        <translation>未生成 PDF。</translation>
    </message>
    <message>
        <source>This page could not be rendered.</source>
        <extracomment>无法渲染这一页。</extracomment>
        <translation>无法渲染这一页。</translation>
    </message>
    <message>
        <source>No PDF renderer (pdftoppm) to preview with; install poppler-utils. The files are written.</source>
        <extracomment>没有 PDF 渲染工具（pdftoppm），无法预览；请安装 poppler-utils。文件已写好。</extracomment>
        <translation>没有 PDF 渲染工具（pdftoppm），无法预览；请安装 poppler-utils。文件已写好。</translation>
    </message>
    <message>
        <source>Choose the briefing's folder</source>
        <extracomment>选择保存简报的文件夹</extracomment>
        <translation>选择保存简报的文件夹</translation>
    </message>
</context>
<context>
    <name>BundledFontAction</name>
    <message>
        <source>Use the bundled Chinese font</source>
        <extracomment>使用内置中文字体</extracomment>
        <translation>使用内置中文字体</translation>
    </message>
    <message>
        <source>Use riskmap's own Chinese font even where this computer has one</source>
        <extracomment>即使本机已有中文字体，也用 riskmap 自带的字体（各席位显示一致）</extracomment>
        <translation>即使本机已有中文字体，也用 riskmap 自带的字体（各席位显示一致）</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <extracomment>修改密码</extracomment>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <extracomment>当前密码</extracomment>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <extracomment>新密码</extracomment>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <extracomment>再输一次</extracomment>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>User: {0}</source>
        <extracomment>用户：{0}</extracomment>
        <translation>用户：{0}</translation>
    </message>
    <message>
        <source>A password needs at least {0} characters.</source>
        <extracomment>密码至少需要 {0} 个字符。</extracomment>
        <translation>密码至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <extracomment>两次输入的密码不一致。</extracomment>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The current password is wrong; nothing was changed.</source>
        <extracomment>当前密码不正确，密码没有修改。</extracomment>
        <translation>当前密码不正确，密码没有修改。</translation>
    </message>
</context>
<context>
    <name>CoverageView</name>
    <message>
        <source>Preset</source>
        <extracomment>节日/季节专题</extracomment>
        <translation>节日/季节专题</translation>
    </message>
    <message>
        <source>Dates</source>
        <extracomment>自定日期</extracomment>
        <translation>自定日期</translation>
    </message>
    <message>
        <source>Check coverage</source>
        <extracomment>检查覆盖</extracomment>
        <translation>检查覆盖</translation>
    </message>
    <message>
        <source>Clear</source>
        <extracomment>清除</extracomment>
        <translation>清除</translation>
    </message>
    <message>
        <source>Draw a patrol here</source>
        <extracomment>在此绘制巡查区域</extracomment>
        <translation>在此绘制巡查区域</translation>
    </message>
    <message>
        <source>Site</source>
        <extracomment>风险点</extracomment>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Layer</source>
        <extracomment>图层</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <source>Township</source>
        <extracomment>镇办</extracomment>
        <translation>镇办</translation>
    </message>
    <message>
        <source>Why high-risk</source>
        <extracomment>高风险原因</extracomment>
        <translation>高风险原因</translation>
    </message>
    <message>
        <source>Nearest patrol</source>
        <extracomment>最近的巡查区域</extracomment>
        <translation>最近的巡查区域</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <extracomment>{0}（{1}）</extracomment>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>{0} of {1} high-risk sites uncovered · {2} ({3}) · {4} active patrols</source>
        <extracomment>{0} / {1} 个高风险点未被覆盖 · {2}（{3}）· {4} 个有效巡查区域</extracomment>
        <translation>{0} / {1} 个高风险点未被覆盖 · {2}（{3}）· {4} 个有效巡查区域</translation>
    </message>
</context>
<context>
    <name>DatabaseActions</name>
    <message>
        <source>Database…</source>
        <extracomment>数据库…</extracomment>
        <translation>数据库…</translation>
    </message>
    <message>
        <source>This computer's file or the command center's PostGIS server</source>
        <extracomment>本机文件或指挥中心的 PostGIS 服务器</extracomment>
        <translation>本机文件或指挥中心的 PostGIS 服务器</translation>
    </message>
    <message>
        <source>riskmap opens {0} from its next start. Restart now?</source>
        <extracomment>riskmap 下次启动时将打开 {0}。现在重新启动吗？</extracomment>
        <translation>riskmap 下次启动时将打开 {0}。现在重新启动吗？</translation>
    </message>
</context>
<context>
    <name>DatabaseDialog</name>
    <message>
        <source>Database connection</source>
        <extracomment>数据库连接</extracomment>
        <translation>数据库连接</translation>
    </message>
    <message>
        <source>This computer (SQLite file)</source>
        <extracomment>本机文件（SQLite）</extracomment>
        <translation>本机文件（SQLite）</translation>
    </message>
    <message>
        <source>Server (PostgreSQL + PostGIS, shared by many seats)</source>
        <extracomment>服务器（PostgreSQL + PostGIS，多席位共用）</extracomment>
        <translation>服务器（PostgreSQL + PostGIS，多席位共用）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>empty: from ~/.pgpass or PGPASSWORD</source>
        <extracomment>留空则使用 ~/.pgpass 或 PGPASSWORD</extracomment>
        <translation>留空则使用 ~/.pgpass 或 PGPASSWORD</translation>
    </message>
    <message>
        <source>Save the password in PostgreSQL's password file (~/.pgpass)</source>
        <extracomment>把密码保存到 PostgreSQL 的密码文件（~/.pgpass）</extracomment>
        <translation>把密码保存到 PostgreSQL 的密码文件（~/.pgpass）</translation>
    </message>
    <message>
        <source>Host</source>
        <extracomment>主机</extracomment>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <extracomment>端口</extracomment>
        <translation>端口</translation>
    </message>
    <message>
        <source>Database name</source>
        <extracomment>数据库名</extracomment>
        <translation>数据库名</translation>
    </message>
    <message>
        <source>User (database login)</source>
        <extracomment>用户（数据库登录名）</extracomment>
        <translation>用户（数据库登录名）</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>密码</extracomment>
        <translation>密码</translation>
    </message>
    <message>
        <source>Test connection</source>
        <extracomment>测试连接</extracomment>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Create here (demo city)</source>
        <extracomment>在此创建（示例城市）</extracomment>
        <translation>在此创建（示例城市）</translation>
    </message>
    <message>
        <source>Create here (empty)</source>
        <extracomment>在此创建（空库）</extracomment>
        <translation>在此创建（空库）</translation>
    </message>
    <message>
        <source>New city…</source>
        <extracomment>新建城市…</extracomment>
        <translation>新建城市…</translation>
    </message>
    <message>
        <source>Start a real city from its outline</source>
        <extracomment>从城市边界文件开始一个真实城市</extracomment>
        <translation>从城市边界文件开始一个真实城市</translation>
    </message>
    <message>
        <source>Test the connection first.</source>
        <extracomment>先测试连接。</extracomment>
        <translation>先测试连接。</translation>
    </message>
    <message>
        <source>Choose or create a riskmap database file</source>
        <extracomment>选择或新建 riskmap 数据库文件</extracomment>
        <translation>选择或新建 riskmap 数据库文件</translation>
    </message>
    <message>
        <source>Not a valid database address.</source>
        <extracomment>不是有效的数据库地址。</extracomment>
        <translation>不是有效的数据库地址。</translation>
    </message>
    <message>
        <source>Connecting to {0} …</source>
        <extracomment>正在连接 {0} …</extracomment>
        <translation>正在连接 {0} …</translation>
    </message>
    <message>
        <source>Connected: {0}, {1} sites (schema version {2}).</source>
        <extracomment>连接成功：{0}，{1} 个风险点（结构版本 {2}）。</extracomment>
        <translation>连接成功：{0}，{1} 个风险点（结构版本 {2}）。</translation>
    </message>
    <message>
        <source> An older schema: upgrade it before use (riskmap db upgrade).</source>
        <extracomment>结构较旧，打开前需先升级：riskmap db upgrade</extracomment>
        <translation>结构较旧，打开前需先升级：riskmap db upgrade</translation>
    </message>
    <message>
        <source>There is no database here yet; you can create it.</source>
        <extracomment>这里还没有数据库；可以在此创建。</extracomment>
        <translation>这里还没有数据库；可以在此创建。</translation>
    </message>
    <message>
        <source>Connected; the database is empty. You can create riskmap here.</source>
        <extracomment>已连接，数据库为空；可以在此创建 riskmap 数据。</extracomment>
        <translation>已连接，数据库为空；可以在此创建 riskmap 数据。</translation>
    </message>
    <message>
        <source>Creating …</source>
        <extracomment>正在创建 …</extracomment>
        <translation>正在创建 …</translation>
    </message>
    <message>
        <source>Cannot save the setting: {0}</source>
        <extracomment>无法保存设置：{0}</extracomment>
        <translation>无法保存设置：{0}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>“{0}” is not a valid date; type it as year-month-day, e.g. {1}. Still using {2}.</source>
        <extracomment>“{0}”不是有效日期，请按 年-月-日 填写，例如 {1}。仍按 {2} 计算。</extracomment>
        <translation>“{0}”不是有效日期，请按 年-月-日 填写，例如 {1}。仍按 {2} 计算。</translation>
    </message>
    <message>
        <source>Pick a date</source>
        <extracomment>选择日期</extracomment>
        <translation>选择日期</translation>
    </message>
    <message>
        <source>year-month-day, e.g. {0}</source>
        <extracomment>年-月-日，例如 {0}</extracomment>
        <translation>年-月-日，例如 {0}</translation>
    </message>
</context>
<context>
    <name>DatumChoice</name>
    <message>
        <source>Keep as they are</source>
        <extracomment>按原样导入</extracomment>
        <translation>按原样导入</translation>
    </message>
    <message>
        <source>Convert from {0}</source>
        <extracomment>从 {0} 转换</extracomment>
        <translation>从 {0} 转换</translation>
    </message>
</context>
<context>
    <name>DistrictPicker</name>
    <message>
        <source>Pick a district</source>
        <translation>选择行政区</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
</context>
<context>
    <name>DistrictsDialog</name>
    <message>
        <source>Import administrative boundaries</source>
        <extracomment>导入行政区划</extracomment>
        <translation>导入行政区划</translation>
    </message>
    <message>
        <source>1 · File</source>
        <extracomment>1 · 文件</extracomment>
        <translation>1 · 文件</translation>
    </message>
    <message>
        <source>2 · Level and columns</source>
        <extracomment>2 · 级别与字段</extracomment>
        <translation>2 · 级别与字段</translation>
    </message>
    <message>
        <source>Level</source>
        <extracomment>级别</extracomment>
        <translation>级别</translation>
    </message>
    <message>
        <source>Code column</source>
        <extracomment>区划代码列</extracomment>
        <translation>区划代码列</translation>
    </message>
    <message>
        <source>Name column</source>
        <extracomment>名称列</extracomment>
        <translation>名称列</translation>
    </message>
    <message>
        <source>Parent code column</source>
        <extracomment>上级区划代码列</extracomment>
        <translation>上级区划代码列</translation>
    </message>
    <message>
        <source>English name column</source>
        <extracomment>英文名列</extracomment>
        <translation>英文名列</translation>
    </message>
    <message>
        <source>Population column</source>
        <extracomment>人口列</extracomment>
        <translation>人口列</translation>
    </message>
    <message>
        <source>The city (its outline)</source>
        <extracomment>市（城市边界）</extracomment>
        <translation>市（城市边界）</translation>
    </message>
    <message>
        <source>Counties and districts (区县)</source>
        <extracomment>区县</extracomment>
        <translation>区县</translation>
    </message>
    <message>
        <source>Townships and streets (乡镇街道)</source>
        <extracomment>乡镇街道</extracomment>
        <translation>乡镇街道</translation>
    </message>
    <message>
        <source>Replace this level (remove the districts the file no longer names; refused while units, duties or inspections name them)</source>
        <extracomment>替换该级别（删除文件中不再有的区划；其上仍有单位、责任或检查时拒绝）</extracomment>
        <translation>替换该级别（删除文件中不再有的区划；其上仍有单位、责任或检查时拒绝）</translation>
    </message>
    <message>
        <source>Import boundaries lying outside the city too (the coordinate system is right)</source>
        <extracomment>本市范围以外的区划也导入（坐标系确认无误时）</extracomment>
        <translation>本市范围以外的区划也导入（坐标系确认无误时）</translation>
    </message>
    <message>
        <source>Check (dry run)</source>
        <extracomment>检查（试运行）</extracomment>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>导入</extracomment>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>— by location: the district holding most of it —</source>
        <extracomment>—— 按位置：所占面积最大的上级区划 ——</extracomment>
        <translation>—— 按位置：所占面积最大的上级区划 ——</translation>
    </message>
    <message>
        <source>— not imported —</source>
        <extracomment>—— 不导入 ——</extracomment>
        <translation>—— 不导入 ——</translation>
    </message>
    <message>
        <source>— choose —</source>
        <extracomment>—— 请选择 ——</extracomment>
        <translation>—— 请选择 ——</translation>
    </message>
    <message>
        <source>Importing boundaries needs the admin role.</source>
        <extracomment>导入行政区划需要管理员角色。</extracomment>
        <translation>导入行政区划需要管理员角色。</translation>
    </message>
    <message>
        <source>Choose the code column and the name column.</source>
        <extracomment>请选择区划代码列和名称列。</extracomment>
        <translation>请选择区划代码列和名称列。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>检查中…</extracomment>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <extracomment>导入中…</extracomment>
        <translation>导入中…</translation>
    </message>
</context>
<context>
    <name>DocumentSettingsDialog</name>
    <message>
        <source>Document settings</source>
        <extracomment>文书设置</extracomment>
        <translation>文书设置</translation>
    </message>
    <message>
        <source>Issuing office:</source>
        <extracomment>发文机关：</extracomment>
        <translation>发文机关：</translation>
    </message>
    <message>
        <source>Contact person:</source>
        <extracomment>联系人：</extracomment>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Contact phone:</source>
        <extracomment>联系电话：</extracomment>
        <translation>联系电话：</translation>
    </message>
    <message>
        <source>Number prefix:</source>
        <extracomment>发文字号前缀：</extracomment>
        <translation>发文字号前缀：</translation>
    </message>
    <message>
        <source>Next number:</source>
        <extracomment>发文字号示例：</extracomment>
        <translation>发文字号示例：</translation>
    </message>
    <message>
        <source>Marking (top left):</source>
        <extracomment>标识（左上角）：</extracomment>
        <translation>标识（左上角）：</translation>
    </message>
    <message>
        <source>Title font:</source>
        <extracomment>标题字体：</extracomment>
        <translation>标题字体：</translation>
    </message>
    <message>
        <source>Body font:</source>
        <extracomment>正文字体：</extracomment>
        <translation>正文字体：</translation>
    </message>
    <message>
        <source>Seal image:</source>
        <extracomment>印章图片：</extracomment>
        <translation>印章图片：</translation>
    </message>
    <message>
        <source>The office's abbreviation, e.g. 石安办督; the year and number are added</source>
        <extracomment>机关代字，如“石安办督”；年份和序号自动加上</extracomment>
        <translation>机关代字，如“石安办督”；年份和序号自动加上</translation>
    </message>
    <message>
        <source>Printed on every notice as the office's own contact, not the recipient's</source>
        <extracomment>督办通知上“联系人”一行印的是本办的联系人，而不是收文单位的</extracomment>
        <translation>督办通知上“联系人”一行印的是本办的联系人，而不是收文单位的</translation>
    </message>
    <message>
        <source>Choose image…</source>
        <extracomment>选择图片…</extracomment>
        <translation>选择图片…</translation>
    </message>
    <message>
        <source>Remove</source>
        <extracomment>移除</extracomment>
        <translation>移除</translation>
    </message>
    <message>
        <source>No seal image: room is left for stamping</source>
        <extracomment>无印章图片：印发时留出盖章位置</extracomment>
        <translation>无印章图片：印发时留出盖章位置</translation>
    </message>
    <message>
        <source>Only an admin changes the document settings; these are the current ones.</source>
        <extracomment>只有管理员可以修改文书设置；以下为当前设置。</extracomment>
        <translation>只有管理员可以修改文书设置；以下为当前设置。</translation>
    </message>
    <message>
        <source>Saved in the database: every seat issues its documents with these settings.</source>
        <extracomment>本设置保存在数据库中，所有席位印发的文书都使用它。</extracomment>
        <translation>本设置保存在数据库中，所有席位印发的文书都使用它。</translation>
    </message>
    <message>
        <source>Bundled serif (default)</source>
        <extracomment>随附宋体（默认）</extracomment>
        <translation>随附宋体（默认）</translation>
    </message>
    <message>
        <source> (not installed here)</source>
        <extracomment>（本机未安装）</extracomment>
        <translation>（本机未安装）</translation>
    </message>
    <message>
        <source>None</source>
        <extracomment>无</extracomment>
        <translation>无</translation>
    </message>
    <message>
        <source>Choose the seal image</source>
        <extracomment>选择印章图片</extracomment>
        <translation>选择印章图片</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <extracomment>PNG 图片 (*.png)</extracomment>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>The image cannot be read: choose a PNG seal image</source>
        <extracomment>无法读取该图片，请选择 PNG 格式的印章图片</extracomment>
        <translation>无法读取该图片，请选择 PNG 格式的印章图片</translation>
    </message>
</context>
<context>
    <name>DossierPanel</name>
    <message>
        <source>Unknown table: {0}</source>
        <translation>未知的表：{0}</translation>
    </message>
    <message>
        <source>Exported {0} rows to {1}</source>
        <translation>已导出 {0} 行到 {1}</translation>
    </message>
    <message>
        <source>Exported the dossier to {0}</source>
        <translation>已导出清单到 {0}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export the dossier lists</source>
        <translation>导出区域清单</translation>
    </message>
    <message>
        <source>Current table as CSV…</source>
        <translation>当前表格导出为 CSV…</translation>
    </message>
    <message>
        <source>All lists as XLSX…</source>
        <translation>全部清单导出为 XLSX…</translation>
    </message>
    <message>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
    <message>
        <source>Show rows containing this text in any column</source>
        <translation>显示任一列包含此文字的行</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>全部责任类型</translation>
    </message>
    <message>
        <source>Nothing to export: select a region first</source>
        <translation>没有可导出的内容：请先选择区域</translation>
    </message>
    <message>
        <source>No region selected</source>
        <translation>未选择区域</translation>
    </message>
    <message>
        <source>Select a region on the map to see its dossier</source>
        <translation>在地图上选择区域以查看清单</translation>
    </message>
    <message>
        <source>{0} km² · as of {1}</source>
        <translation>{0} km² · 截至 {1}</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>District: {0}</source>
        <translation>行政区：{0}</translation>
    </message>
    <message>
        <source>Patrol area: {0}</source>
        <translation>巡查区域：{0}</translation>
    </message>
    <message>
        <source>Circle, radius {0} km</source>
        <translation>圆形，半径 {0} 公里</translation>
    </message>
    <message>
        <source>Buffer of {0} m</source>
        <translation>缓冲区 {0} 米</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>多边形</translation>
    </message>
    <message>
        <source>Freehand selection</source>
        <translation>手绘选区</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Hazards</source>
        <translation>隐患</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未销号</translation>
    </message>
    <message>
        <source>Major open</source>
        <translation>重大未销号</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Counted by the township that owns each site · {0} sites of other districts crossing it ({1} open hazards, not counted)</source>
        <extracomment>按属地（风险点所在镇办）统计 · 途经本区的外区风险点 {0} 个（未销号隐患 {1} 项，未计入）</extracomment>
        <translation>按属地（风险点所在镇办）统计 · 途经本区的外区风险点 {0} 个（未销号隐患 {1} 项，未计入）</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}): {3} open</source>
        <extracomment>{0}（{1}，{2}）未销号 {3}</extracomment>
        <translation>{0}（{1}，{2}）未销号 {3}</translation>
    </message>
    <message>
        <source>and {0} more</source>
        <extracomment>另有 {0} 个</extracomment>
        <translation>另有 {0} 个</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>(outside the counties)</source>
        <translation>（县区以外）</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {0}:
{1}</source>
        <translation>无法写入 {0}：
{1}</translation>
    </message>
</context>
<context>
    <name>DutyTableModel</name>
    <message>
        <source>Responsible unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>责任类型</extracomment>
        <translation>责任类型</translation>
    </message>
    <message>
        <source>Layer</source>
        <extracomment>图层</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <source>District</source>
        <extracomment>区域</extracomment>
        <translation>区域</translation>
    </message>
    <message>
        <source>Site</source>
        <extracomment>风险点</extracomment>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Township</source>
        <extracomment>所属镇办</extracomment>
        <translation>所属镇办</translation>
    </message>
    <message>
        <source>Note</source>
        <extracomment>说明</extracomment>
        <translation>说明</translation>
    </message>
    <message>
        <source>No responsible unit</source>
        <extracomment>未填责任单位</extracomment>
        <translation>未填责任单位</translation>
    </message>
    <message>
        <source>The unit no longer exists</source>
        <extracomment>责任单位已不存在</extracomment>
        <translation>责任单位已不存在</translation>
    </message>
    <message>
        <source>Unknown role</source>
        <extracomment>未知的责任类型</extracomment>
        <translation>未知的责任类型</translation>
    </message>
    <message>
        <source>No site chosen</source>
        <extracomment>未选择风险点</extracomment>
        <translation>未选择风险点</translation>
    </message>
    <message>
        <source>Name a layer or a district (not both all layers and whole city)</source>
        <extracomment>须指定图层或区域（不能同时为“全部”和“全市”）</extracomment>
        <translation>须指定图层或区域（不能同时为“全部”和“全市”）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export the selection's sites</source>
        <extracomment>导出选区风险点</extracomment>
        <translation>导出选区风险点</translation>
    </message>
    <message>
        <source>Export layer</source>
        <extracomment>导出图层</extracomment>
        <translation>导出图层</translation>
    </message>
    <message>
        <source>Layer</source>
        <extracomment>图层</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <source>Format</source>
        <extracomment>格式</extracomment>
        <translation>格式</translation>
    </message>
    <message>
        <source>File</source>
        <extracomment>文件</extracomment>
        <translation>文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export to</source>
        <extracomment>导出到</extracomment>
        <translation>导出到</translation>
    </message>
</context>
<context>
    <name>FiguresView</name>
    <message>
        <source>District</source>
        <extracomment>县区</extracomment>
        <translation>县区</translation>
    </message>
    <message>
        <source>Focus sites</source>
        <extracomment>专题风险点</extracomment>
        <translation>专题风险点</translation>
    </message>
    <message>
        <source>Open</source>
        <extracomment>未销号隐患</extracomment>
        <translation>未销号隐患</translation>
    </message>
    <message>
        <source>Major</source>
        <extracomment>重大隐患</extracomment>
        <translation>重大隐患</translation>
    </message>
    <message>
        <source>Overdue</source>
        <extracomment>逾期整改</extracomment>
        <translation>逾期整改</translation>
    </message>
    <message>
        <source>Major hazards (open):</source>
        <extracomment>重大隐患（未销号）：</extracomment>
        <translation>重大隐患（未销号）：</translation>
    </message>
    <message>
        <source>Overdue rectifications:</source>
        <extracomment>逾期整改：</extracomment>
        <translation>逾期整改：</translation>
    </message>
    <message>
        <source>Deadlines in the period:</source>
        <extracomment>期内到期整改：</extracomment>
        <translation>期内到期整改：</translation>
    </message>
    <message>
        <source>High-risk sites no patrol covers:</source>
        <extracomment>巡查未覆盖的高风险点：</extracomment>
        <translation>巡查未覆盖的高风险点：</translation>
    </message>
    <message>
        <source>Units with the most overdue rectifications</source>
        <extracomment>逾期整改最多的责任单位</extracomment>
        <translation>逾期整改最多的责任单位</translation>
    </message>
    <message>
        <source>Unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Of them major</source>
        <extracomment>其中重大</extracomment>
        <translation>其中重大</translation>
    </message>
    <message>
        <source>Total</source>
        <extracomment>合计</extracomment>
        <translation>合计</translation>
    </message>
    <message>
        <source>{0} in {1} unit(s)</source>
        <extracomment>{0} 项，涉及 {1} 个责任单位</extracomment>
        <translation>{0} 项，涉及 {1} 个责任单位</translation>
    </message>
    <message>
        <source>{0} of {1} ({2} patrol area(s) in the window)</source>
        <extracomment>{0} / {1}（期内巡查区域 {2} 个）</extracomment>
        <translation>{0} / {1}（期内巡查区域 {2} 个）</translation>
    </message>
</context>
<context>
    <name>HazardCard</name>
    <message>
        <source>Give this hazard a rectification order: measures, deadline, unit</source>
        <extracomment>为这项隐患下达整改：措施、期限、责任单位</extracomment>
        <translation>为这项隐患下达整改：措施、期限、责任单位</translation>
    </message>
    <message>
        <source>overdue {0} days</source>
        <extracomment>逾期 {0} 天</extracomment>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>escalated since {0}</source>
        <extracomment>提级督办（{0}起）</extracomment>
        <translation>提级督办（{0}起）</translation>
    </message>
    <message>
        <source>escalated</source>
        <extracomment>提级督办</extracomment>
        <translation>提级督办</translation>
    </message>
    <message>
        <source>Measures: {0}</source>
        <extracomment>整改措施：{0}</extracomment>
        <translation>整改措施：{0}</translation>
    </message>
    <message>
        <source>found {0}</source>
        <extracomment>发现于 {0}</extracomment>
        <translation>发现于 {0}</translation>
    </message>
    <message>
        <source>by {0}</source>
        <extracomment>发现人 {0}</extracomment>
        <translation>发现人 {0}</translation>
    </message>
    <message>
        <source>deadline {0}</source>
        <extracomment>整改期限 {0}</extracomment>
        <translation>整改期限 {0}</translation>
    </message>
    <message>
        <source>funds {0} × 10k yuan</source>
        <extracomment>资金 {0} 万元</extracomment>
        <translation>资金 {0} 万元</translation>
    </message>
    <message>
        <source>Responsible: {0}</source>
        <extracomment>责任：{0}</extracomment>
        <translation>责任：{0}</translation>
    </message>
    <message>
        <source>Submitted by {0} on {1}</source>
        <extracomment>提交验收：{0} {1}</extracomment>
        <translation>提交验收：{0} {1}</translation>
    </message>
    <message>
        <source>Verified by {0} on {1}</source>
        <extracomment>验收销号：{0} {1}</extracomment>
        <translation>验收销号：{0} {1}</translation>
    </message>
    <message>
        <source>Review note: {0}</source>
        <extracomment>验收意见：{0}</extracomment>
        <translation>验收意见：{0}</translation>
    </message>
    <message>
        <source>You submitted it: someone else verifies it.</source>
        <extracomment>您提交了验收，须由其他人验收销号。</extracomment>
        <translation>您提交了验收，须由其他人验收销号。</translation>
    </message>
</context>
<context>
    <name>HazardDialog</name>
    <message>
        <source>New hazard at {0}</source>
        <extracomment>在“{0}”新建隐患</extracomment>
        <translation>在“{0}”新建隐患</translation>
    </message>
    <message>
        <source>Edit hazard #{0} ({1})</source>
        <extracomment>编辑隐患 #{0}（{1}）</extracomment>
        <translation>编辑隐患 #{0}（{1}）</translation>
    </message>
    <message>
        <source>Pick or type a category</source>
        <extracomment>选择或输入类别</extracomment>
        <translation>选择或输入类别</translation>
    </message>
    <message>
        <source>optional</source>
        <extracomment>选填</extracomment>
        <translation>选填</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>保存</extracomment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Level</source>
        <extracomment>隐患级别</extracomment>
        <translation>隐患级别</translation>
    </message>
    <message>
        <source>Category</source>
        <extracomment>隐患类别</extracomment>
        <translation>隐患类别</translation>
    </message>
    <message>
        <source>Description</source>
        <extracomment>隐患描述</extracomment>
        <translation>隐患描述</translation>
    </message>
    <message>
        <source>Found on</source>
        <extracomment>发现日期</extracomment>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Found by</source>
        <extracomment>发现人</extracomment>
        <translation>发现人</translation>
    </message>
    <message>
        <source>Rectification</source>
        <extracomment>整改</extracomment>
        <translation>整改</translation>
    </message>
    <message>
        <source>Measures</source>
        <extracomment>整改措施</extracomment>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>Deadline</source>
        <extracomment>整改期限</extracomment>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <extracomment>责任人</extracomment>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Funds (10k yuan)</source>
        <extracomment>整改资金（万元）</extracomment>
        <translation>整改资金（万元）</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <extracomment>{0}（{1}）</extracomment>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>Type to search the units</source>
        <extracomment>输入名称查找责任单位</extracomment>
        <translation>输入名称查找责任单位</translation>
    </message>
    <message>
        <source>Status: {0}</source>
        <extracomment>整改状态：{0}</extracomment>
        <translation>整改状态：{0}</translation>
    </message>
    <message>
        <source>A verified rectification is closed and cannot change.</source>
        <extracomment>已验收销号的整改不能再修改。</extracomment>
        <translation>已验收销号的整改不能再修改。</translation>
    </message>
    <message>
        <source>Describe the hazard.</source>
        <extracomment>请填写隐患描述。</extracomment>
        <translation>请填写隐患描述。</translation>
    </message>
    <message>
        <source>The date found cannot be after today ({0}).</source>
        <extracomment>发现日期不能晚于今天（{0}）。</extracomment>
        <translation>发现日期不能晚于今天（{0}）。</translation>
    </message>
    <message>
        <source>Enter the rectification measures.</source>
        <extracomment>请填写整改措施。</extracomment>
        <translation>请填写整改措施。</translation>
    </message>
    <message>
        <source>The deadline cannot be before the date the hazard was found ({0}).</source>
        <extracomment>整改期限不能早于发现日期（{0}）。</extracomment>
        <translation>整改期限不能早于发现日期（{0}）。</translation>
    </message>
    <message>
        <source>Pick a unit from the list (or leave it empty).</source>
        <extracomment>请从列表中选择责任单位（或留空）。</extracomment>
        <translation>请从列表中选择责任单位（或留空）。</translation>
    </message>
    <message>
        <source>Funds are a number of 10k yuan, 0 or more.</source>
        <extracomment>整改资金应为不小于 0 的数字（万元）。</extracomment>
        <translation>整改资金应为不小于 0 的数字（万元）。</translation>
    </message>
</context>
<context>
    <name>HazardTableModel</name>
    <message>
        <source>Site</source>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县区</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>隐患描述</translation>
    </message>
</context>
<context>
    <name>HistorySection</name>
    <message>
        <source>History ({0})</source>
        <extracomment>修改记录（{0}）</extracomment>
        <translation>修改记录（{0}）</translation>
    </message>
    <message>
        <source>No changes recorded for this site yet.</source>
        <extracomment>这个风险点还没有修改记录。</extracomment>
        <translation>这个风险点还没有修改记录。</translation>
    </message>
</context>
<context>
    <name>HolidayDialog</name>
    <message>
        <source>Holiday calendar</source>
        <extracomment>节假日安排</extracomment>
        <translation>节假日安排</translation>
    </message>
    <message>
        <source>Holiday:</source>
        <extracomment>节日：</extracomment>
        <translation>节日：</translation>
    </message>
    <message>
        <source>Year:</source>
        <extracomment>年份：</extracomment>
        <translation>年份：</translation>
    </message>
    <message>
        <source>First day off:</source>
        <extracomment>放假开始：</extracomment>
        <translation>放假开始：</translation>
    </message>
    <message>
        <source>Last day off:</source>
        <extracomment>放假结束：</extracomment>
        <translation>放假结束：</translation>
    </message>
    <message>
        <source>Source (e.g. the notice's number):</source>
        <extracomment>依据（如通知文号）：</extracomment>
        <translation>依据（如通知文号）：</translation>
    </message>
    <message>
        <source>Dates in use:</source>
        <extracomment>现用日期：</extracomment>
        <translation>现用日期：</translation>
    </message>
    <message>
        <source>Save (as the State Council's notice gives it)</source>
        <extracomment>保存（按国务院通知录入）</extracomment>
        <translation>保存（按国务院通知录入）</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <extracomment>删除所选</extracomment>
        <translation>删除所选</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Holiday</source>
        <extracomment>节日</extracomment>
        <translation>节日</translation>
    </message>
    <message>
        <source>Year</source>
        <extracomment>年份</extracomment>
        <translation>年份</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>开始</extracomment>
        <translation>开始</translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>结束</extracomment>
        <translation>结束</translation>
    </message>
    <message>
        <source>Days</source>
        <extracomment>天数</extracomment>
        <translation>天数</translation>
    </message>
    <message>
        <source>Source</source>
        <extracomment>依据</extracomment>
        <translation>依据</translation>
    </message>
    <message>
        <source>{0} to {1}, {2} days ({3})</source>
        <extracomment>{0} 至 {1}，共 {2} 天（{3}）</extracomment>
        <translation>{0} 至 {1}，共 {2} 天（{3}）</translation>
    </message>
    <message>
        <source>Entered {1} {0}: {2} to {3}</source>
        <extracomment>已录入 {0} 年{1}：{2} 至 {3}</extracomment>
        <translation>已录入 {0} 年{1}：{2} 至 {3}</translation>
    </message>
    <message>
        <source>Choose a row of the list first.</source>
        <extracomment>请先在列表中选择要删除的一行。</extracomment>
        <translation>请先在列表中选择要删除的一行。</translation>
    </message>
    <message>
        <source>Removed: that year takes the official calendar's or the rule's dates.</source>
        <extracomment>已删除；该年改用官方日历或规则推算的日期。</extracomment>
        <translation>已删除；该年改用官方日历或规则推算的日期。</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <source>Import data…</source>
        <extracomment>导入数据…</extracomment>
        <translation>导入数据…</translation>
    </message>
    <message>
        <source>Import administrative boundaries…</source>
        <extracomment>导入行政区划…</extracomment>
        <translation>导入行政区划…</translation>
    </message>
    <message>
        <source>Import basemap…</source>
        <extracomment>导入底图…</extracomment>
        <translation>导入底图…</translation>
    </message>
    <message>
        <source>Roads, water and land use: the quiet grey map under the risk layers</source>
        <extracomment>道路、水系、土地利用：绘制在风险图层之下的浅灰色底图</extracomment>
        <translation>道路、水系、土地利用：绘制在风险图层之下的浅灰色底图</translation>
    </message>
    <message>
        <source>Export layer…</source>
        <extracomment>导出图层…</extracomment>
        <translation>导出图层…</translation>
    </message>
    <message>
        <source>Export the selection's sites…</source>
        <extracomment>导出选区风险点…</extracomment>
        <translation>导出选区风险点…</translation>
    </message>
    <message>
        <source>One layer's sites in the selection as GeoPackage, GeoJSON, KML, …</source>
        <extracomment>把选区内某一图层的风险点导出为 GeoPackage、GeoJSON、KML 等格式</extracomment>
        <translation>把选区内某一图层的风险点导出为 GeoPackage、GeoJSON、KML 等格式</translation>
    </message>
    <message>
        <source>Importing changes the sites and districts and needs the admin role; you are {0}.</source>
        <extracomment>导入会改动风险点和行政区划，需要管理员角色；当前用户：{0}</extracomment>
        <translation>导入会改动风险点和行政区划，需要管理员角色；当前用户：{0}</translation>
    </message>
    <message>
        <source>Cannot import {0}: drop one of {1}</source>
        <extracomment>无法导入 {0}：支持的格式为 {1}</extracomment>
        <translation>无法导入 {0}：支持的格式为 {1}</translation>
    </message>
    <message>
        <source>Select a region first: its sites are what is exported.</source>
        <extracomment>请先选择一个区域：导出的是选区内的风险点。</extracomment>
        <translation>请先选择一个区域：导出的是选区内的风险点。</translation>
    </message>
    <message>
        <source>Exported {0} sites to {1}</source>
        <extracomment>已导出 {0} 个风险点到 {1}</extracomment>
        <translation>已导出 {0} 个风险点到 {1}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import data</source>
        <extracomment>导入数据</extracomment>
        <translation>导入数据</translation>
    </message>
    <message>
        <source>1 · File</source>
        <extracomment>1 · 文件</extracomment>
        <translation>1 · 文件</translation>
    </message>
    <message>
        <source>2 · Target layer and columns</source>
        <extracomment>2 · 目标图层与字段对应</extracomment>
        <translation>2 · 目标图层与字段对应</translation>
    </message>
    <message>
        <source>3 · Check and import</source>
        <extracomment>3 · 检查与导入</extracomment>
        <translation>3 · 检查与导入</translation>
    </message>
    <message>
        <source>Import into</source>
        <extracomment>导入到</extracomment>
        <translation>导入到</translation>
    </message>
    <message>
        <source>Check (dry run)</source>
        <extracomment>检查（试运行）</extracomment>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <source>Import</source>
        <extracomment>导入</extracomment>
        <translation>导入</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Import all as new sites (do not update those imported from this file before)</source>
        <extracomment>全部作为新场所导入（不更新此前从同一来源导入的场所）</extracomment>
        <translation>全部作为新场所导入（不更新此前从同一来源导入的场所）</translation>
    </message>
    <message>
        <source>Import features lying outside the city too (the coordinate system is right)</source>
        <extracomment>本市范围以外的要素也导入（坐标系确认无误时）</extracomment>
        <translation>本市范围以外的要素也导入（坐标系确认无误时）</translation>
    </message>
    <message>
        <source>Keep as they are</source>
        <extracomment>按原样导入</extracomment>
        <translation>按原样导入</translation>
    </message>
    <message>
        <source>An import is running: wait for it or cancel it.</source>
        <extracomment>正在导入：请等待完成或先取消。</extracomment>
        <translation>正在导入：请等待完成或先取消。</translation>
    </message>
    <message>
        <source>Projected coordinates: GCJ-02 and BD-09 offsets do not apply.</source>
        <extracomment>投影坐标：不涉及 GCJ-02、BD-09 偏移。</extracomment>
        <translation>投影坐标：不涉及 GCJ-02、BD-09 偏移。</translation>
    </message>
    <message>
        <source>The offset check failed: {0}</source>
        <extracomment>偏移检查失败：{0}</extracomment>
        <translation>偏移检查失败：{0}</translation>
    </message>
    <message>
        <source>Checking whether the coordinates are offset (against the database's sites, roads and townships)…</source>
        <extracomment>正在检查坐标是否有偏移（对照本库的场所、道路和镇办）…</extracomment>
        <translation>正在检查坐标是否有偏移（对照本库的场所、道路和镇办）…</translation>
    </message>
    <message>
        <source>They will be converted from {0} to CGCS2000 on import.</source>
        <extracomment>导入时将从 {0} 转换为 CGCS2000。</extracomment>
        <translation>导入时将从 {0} 转换为 CGCS2000。</translation>
    </message>
    <message>
        <source>They will be imported as they are.</source>
        <extracomment>将按原样导入，不作转换。</extracomment>
        <translation>将按原样导入，不作转换。</translation>
    </message>
    <message>
        <source>Convert from {0}</source>
        <extracomment>从 {0} 转换</extracomment>
        <translation>从 {0} 转换</translation>
    </message>
    <message>
        <source>points</source>
        <extracomment>点</extracomment>
        <translation>点</translation>
    </message>
    <message>
        <source>lines</source>
        <extracomment>线</extracomment>
        <translation>线</translation>
    </message>
    <message>
        <source>polygons</source>
        <extracomment>面</extracomment>
        <translation>面</translation>
    </message>
    <message>
        <source>lines and polygons</source>
        <extracomment>线和面</extracomment>
        <translation>线和面</translation>
    </message>
    <message>
        <source>any geometry</source>
        <extracomment>任意几何</extracomment>
        <translation>任意几何</translation>
    </message>
    <message>
        <source>holds {0}; {1} sites now</source>
        <extracomment>几何：{0}；现有 {1} 个</extracomment>
        <translation>几何：{0}；现有 {1} 个</translation>
    </message>
    <message>
        <source>Importing needs the admin role.</source>
        <extracomment>导入需要管理员角色。</extracomment>
        <translation>导入需要管理员角色。</translation>
    </message>
    <message>
        <source>Choose the layer to import into.</source>
        <extracomment>请选择要导入到的图层。</extracomment>
        <translation>请选择要导入到的图层。</translation>
    </message>
    <message>
        <source>Choose a column for the required: {0}</source>
        <extracomment>请为必填项选择一列：{0}</extracomment>
        <translation>请为必填项选择一列：{0}</translation>
    </message>
    <message>
        <source>Imported. To import more, choose another file.</source>
        <extracomment>已导入。要再导入，请选择另一个文件。</extracomment>
        <translation>已导入。要再导入，请选择另一个文件。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <extracomment>检查中…</extracomment>
        <translation>检查中…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <extracomment>导入中…</extracomment>
        <translation>导入中…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <extracomment>已取消，未写入任何数据。</extracomment>
        <translation>已取消，未写入任何数据。</translation>
    </message>
</context>
<context>
    <name>IncidentPanel</name>
    <message>
        <source>Drop a point</source>
        <extracomment>地图选点</extracomment>
        <translation>地图选点</translation>
    </message>
    <message>
        <source>Click the incident's location on the map</source>
        <extracomment>在地图上点击事发地点</extracomment>
        <translation>在地图上点击事发地点</translation>
    </message>
    <message>
        <source>Use the selected site</source>
        <extracomment>以所选风险点为事发点</extracomment>
        <translation>以所选风险点为事发点</translation>
    </message>
    <message>
        <source>Rings (km):</source>
        <extracomment>研判半径（公里）：</extracomment>
        <translation>研判半径（公里）：</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. 1, 3, 5 (each at most 100 km)</source>
        <extracomment>用逗号分隔，例如 1, 3, 5（每个不超过 100 公里）</extracomment>
        <translation>用逗号分隔，例如 1, 3, 5（每个不超过 100 公里）</translation>
    </message>
    <message>
        <source>Nearest of each kind:</source>
        <extracomment>每类最近资源：</extracomment>
        <translation>每类最近资源：</translation>
    </message>
    <message>
        <source>Wind from:</source>
        <extracomment>风向：</extracomment>
        <translation>风向：</translation>
    </message>
    <message>
        <source>Where the wind blows from: a 16-point direction (e.g. NE) or degrees (0–360, 45 = from the north-east); empty: no downwind sector</source>
        <extracomment>风的来向：十六方位（如“东北风”）或度数（45 为东北风）；留空则不划下风向扇区</extracomment>
        <translation>风的来向：十六方位（如“东北风”）或度数（45 为东北风）；留空则不划下风向扇区</translation>
    </message>
    <message>
        <source>Apply</source>
        <extracomment>更新</extracomment>
        <translation>更新</translation>
    </message>
    <message>
        <source>Clear</source>
        <extracomment>清除</extracomment>
        <translation>清除</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <extracomment>导出 PDF…</extracomment>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export HTML…</source>
        <extracomment>导出 HTML…</extracomment>
        <translation>导出 HTML…</translation>
    </message>
    <message>
        <source>Ring / layer / site</source>
        <extracomment>范围 / 图层 / 场所</extracomment>
        <translation>范围 / 图层 / 场所</translation>
    </message>
    <message>
        <source>Category</source>
        <extracomment>类别</extracomment>
        <translation>类别</translation>
    </message>
    <message>
        <source>Distance (km)</source>
        <extracomment>距离(公里)</extracomment>
        <translation>距离(公里)</translation>
    </message>
    <message>
        <source>People</source>
        <extracomment>涉及人数</extracomment>
        <translation>涉及人数</translation>
    </message>
    <message>
        <source>Bearing</source>
        <extracomment>方位</extracomment>
        <translation>方位</translation>
    </message>
    <message>
        <source>Nearest resources</source>
        <extracomment>最近应急资源</extracomment>
        <translation>最近应急资源</translation>
    </message>
    <message>
        <source>Capacity</source>
        <extracomment>能力</extracomment>
        <translation>能力</translation>
    </message>
    <message>
        <source>Contact</source>
        <extracomment>联系电话</extracomment>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Press “Drop a point” and click the map where the incident is, or select a site and press “Use the selected site”.</source>
        <extracomment>点击“地图选点”后在地图上点击事发地点，或选择一个风险点后点击“以所选风险点为事发点”。</extracomment>
        <translation>点击“地图选点”后在地图上点击事发地点，或选择一个风险点后点击“以所选风险点为事发点”。</translation>
    </message>
    <message>
        <source>Give at least one ring distance in km.</source>
        <extracomment>请至少填写一个半径（公里）。</extracomment>
        <translation>请至少填写一个半径（公里）。</translation>
    </message>
    <message>
        <source>“{0}” is not a number: give km separated by commas, e.g. 1, 3, 5.</source>
        <extracomment>“{0}”不是数字：请用逗号分隔的公里数，例如 1, 3, 5。</extracomment>
        <translation>“{0}”不是数字：请用逗号分隔的公里数，例如 1, 3, 5。</translation>
    </message>
    <message>
        <source>A ring distance must be above 0: {0}</source>
        <extracomment>半径须大于 0：{0}</extracomment>
        <translation>半径须大于 0：{0}</translation>
    </message>
    <message>
        <source>A ring distance can be at most {0} km: {1}</source>
        <extracomment>半径不能超过 {0} 公里：{1}</extracomment>
        <translation>半径不能超过 {0} 公里：{1}</translation>
    </message>
    <message>
        <source>point on the map</source>
        <extracomment>地图选点</extracomment>
        <translation>地图选点</translation>
    </message>
    <message>
        <source>Incident: {0} ({1:.5f}°E, {2:.5f}°N). Within {3} km: {4} sites, about {5} people.</source>
        <extracomment>事发点：{0}（{1:.5f}°E，{2:.5f}°N）。{3} 公里内 {4} 处场所，涉及约 {5} 人。</extracomment>
        <translation>事发点：{0}（{1:.5f}°E，{2:.5f}°N）。{3} 公里内 {4} 处场所，涉及约 {5} 人。</translation>
    </message>
    <message>
        <source>Downwind ({0}) sector: {1} sites.</source>
        <extracomment>下风向（{0}）扇区内 {1} 处场所。</extracomment>
        <translation>下风向（{0}）扇区内 {1} 处场所。</translation>
    </message>
    <message>
        <source>{0} sites</source>
        <extracomment>{0} 处</extracomment>
        <translation>{0} 处</translation>
    </message>
</context>
<context>
    <name>IncidentView</name>
    <message>
        <source>E&amp;mergency</source>
        <extracomment>应急(&amp;M)</extracomment>
        <translation>应急(&amp;M)</translation>
    </message>
    <message>
        <source>Incident surroundings</source>
        <extracomment>事故周边</extracomment>
        <translation>事故周边</translation>
    </message>
    <message>
        <source>Incident: drop a point</source>
        <extracomment>事故周边：地图选点</extracomment>
        <translation>事故周边：地图选点</translation>
    </message>
    <message>
        <source>Click the map where the incident is: sites within the rings and the nearest rescue resources</source>
        <extracomment>在地图上点击事发地点，查看各研判范围内的场所和最近的应急资源</extracomment>
        <translation>在地图上点击事发地点，查看各研判范围内的场所和最近的应急资源</translation>
    </message>
    <message>
        <source>Incident at the selected site</source>
        <extracomment>以所选风险点为事发点</extracomment>
        <translation>以所选风险点为事发点</translation>
    </message>
    <message>
        <source>Clear the incident</source>
        <extracomment>清除事发点</extracomment>
        <translation>清除事发点</translation>
    </message>
    <message>
        <source>Export the incident briefing (PDF)…</source>
        <extracomment>导出事故周边研判（PDF）…</extracomment>
        <translation>导出事故周边研判（PDF）…</translation>
    </message>
    <message>
        <source>Export the incident briefing (HTML)…</source>
        <extracomment>导出事故周边研判（HTML）…</extracomment>
        <translation>导出事故周边研判（HTML）…</translation>
    </message>
    <message>
        <source>Select a site on the map first.</source>
        <extracomment>请先在地图上选择风险点（识别工具）。</extracomment>
        <translation>请先在地图上选择风险点（识别工具）。</translation>
    </message>
    <message>
        <source>Click the map where the incident is</source>
        <extracomment>在地图上点击事发地点</extracomment>
        <translation>在地图上点击事发地点</translation>
    </message>
    <message>
        <source>Site {0} is not on the map</source>
        <extracomment>风险点 {0} 不在地图上</extracomment>
        <translation>风险点 {0} 不在地图上</translation>
    </message>
    <message>
        <source>{1} sites within {0} km of the incident, about {2} people</source>
        <extracomment>事发点周边 {0} 公里内 {1} 处场所，涉及约 {2} 人</extracomment>
        <translation>事发点周边 {0} 公里内 {1} 处场所，涉及约 {2} 人</translation>
    </message>
    <message>
        <source>Drop a point or pick a site first.</source>
        <extracomment>请先确定事发点。</extracomment>
        <translation>请先确定事发点。</translation>
    </message>
    <message>
        <source>Export the incident briefing</source>
        <extracomment>导出事故周边研判</extracomment>
        <translation>导出事故周边研判</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <extracomment>PDF 文件 (*.pdf)</extracomment>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <extracomment>网页文件 (*.html)</extracomment>
        <translation>网页文件 (*.html)</translation>
    </message>
    <message>
        <source>Exported: {0}</source>
        <extracomment>已导出：{0}</extracomment>
        <translation>已导出：{0}</translation>
    </message>
</context>
<context>
    <name>LayerHost</name>
    <message>
        <source>Open hazards per township</source>
        <extracomment>未销号隐患（按乡镇）</extracomment>
        <translation>未销号隐患（按乡镇）</translation>
    </message>
    <message>
        <source>Zoom in to see all sites ({0} shown)</source>
        <extracomment>放大地图以显示全部风险点（当前显示 {0} 处）</extracomment>
        <translation>放大地图以显示全部风险点（当前显示 {0} 处）</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <source>Risk layers</source>
        <translation>风险图层</translation>
    </message>
    <message>
        <source>Emergency resources</source>
        <translation>应急资源</translation>
    </message>
    <message>
        <source>Patrol areas</source>
        <translation>巡查区域</translation>
    </message>
    <message>
        <source>Base map</source>
        <translation>底图</translation>
    </message>
    <message>
        <source>Districts</source>
        <translation>行政区</translation>
    </message>
    <message>
        <source>Roads, water, land use</source>
        <extracomment>道路、水系、土地利用</extracomment>
        <translation>道路、水系、土地利用</translation>
    </message>
    <message>
        <source>All patrol areas</source>
        <translation>全部巡查区域</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>要素数</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>透明度</translation>
    </message>
    <message>
        <source>Opacity of the selected layer</source>
        <translation>所选图层的透明度</translation>
    </message>
    <message>
        <source>Tick to show a layer; drag within a group to change the drawing order</source>
        <translation>勾选以显示图层；在组内拖动可调整绘制顺序</translation>
    </message>
    <message>
        <source>{0} — regulator: {1}</source>
        <translation>{0} — 监管部门：{1}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0}%</translation>
    </message>
</context>
<context>
    <name>LedgerActions</name>
    <message>
        <source>Undo</source>
        <extracomment>撤销</extracomment>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <extracomment>重做</extracomment>
        <translation>重做</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <extracomment>切换用户…</extracomment>
        <translation>切换用户…</translation>
    </message>
    <message>
        <source>Change password…</source>
        <extracomment>修改密码…</extracomment>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>New hazard at the selected site…</source>
        <extracomment>在所选风险点新建隐患…</extracomment>
        <translation>在所选风险点新建隐患…</translation>
    </message>
    <message>
        <source>Escalate overdue major hazards</source>
        <extracomment>提级督办逾期重大隐患</extracomment>
        <translation>提级督办逾期重大隐患</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <extracomment>编辑(&amp;E)</extracomment>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Ledger</source>
        <extracomment>隐患台账(&amp;L)</extracomment>
        <translation>隐患台账(&amp;L)</translation>
    </message>
    <message>
        <source>Move overdue major hazards up one level of supervision (county → city)</source>
        <extracomment>将逾期未整改的重大隐患由县级提级为市级督办</extracomment>
        <translation>将逾期未整改的重大隐患由县级提级为市级督办</translation>
    </message>
    <message>
        <source>Select a site on the map first.</source>
        <extracomment>请先在地图上选择风险点。</extracomment>
        <translation>请先在地图上选择风险点。</translation>
    </message>
    <message>
        <source>The current user. Click to switch.</source>
        <extracomment>当前用户。点击切换用户。</extracomment>
        <translation>当前用户。点击切换用户。</translation>
    </message>
    <message>
        <source>This database is on PostgreSQL: the user is the database login ({0}). To work as someone else, connect with their login.</source>
        <extracomment>本库在 PostgreSQL 上，用户即数据库登录名（{0}）。要换人，请用其登录名连接。</extracomment>
        <translation>本库在 PostgreSQL 上，用户即数据库登录名（{0}）。要换人，请用其登录名连接。</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <extracomment>密码已修改。</extracomment>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Now working as {0}</source>
        <extracomment>当前用户：{0}</extracomment>
        <translation>当前用户：{0}</translation>
    </message>
    <message>
        <source>New hazard at {0}…</source>
        <extracomment>在“{0}”新建隐患…</extracomment>
        <translation>在“{0}”新建隐患…</translation>
    </message>
    <message>
        <source>No site here</source>
        <extracomment>这里没有风险点</extracomment>
        <translation>这里没有风险点</translation>
    </message>
    <message>
        <source>New hazard at this site…</source>
        <extracomment>在此风险点新建隐患…</extracomment>
        <translation>在此风险点新建隐患…</translation>
    </message>
    <message>
        <source>Hazard #{0} no longer exists.</source>
        <extracomment>隐患 #{0} 已不存在（可能已被删除）。</extracomment>
        <translation>隐患 #{0} 已不存在（可能已被删除）。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <extracomment>编辑…</extracomment>
        <translation>编辑…</translation>
    </message>
</context>
<context>
    <name>LedgerController</name>
    <message>
        <source>Nothing changed.</source>
        <extracomment>没有修改。</extracomment>
        <translation>没有修改。</translation>
    </message>
    <message>
        <source>Cannot undo or redo “{0}”: {1}</source>
        <extracomment>无法撤销或重做“{0}”：{1}</extracomment>
        <translation>无法撤销或重做“{0}”：{1}</translation>
    </message>
    <message>
        <source>There is no site {0}.</source>
        <extracomment>没有编号为 {0} 的风险点。</extracomment>
        <translation>没有编号为 {0} 的风险点。</translation>
    </message>
    <message>
        <source>Hazard #{0} no longer exists.</source>
        <extracomment>隐患 #{0} 已不存在（可能已被删除）。</extracomment>
        <translation>隐患 #{0} 已不存在（可能已被删除）。</translation>
    </message>
    <message>
        <source>New hazard #{0}</source>
        <extracomment>新建隐患 #{0}</extracomment>
        <translation>新建隐患 #{0}</translation>
    </message>
    <message>
        <source>Edit hazard #{0}</source>
        <extracomment>编辑隐患 #{0}</extracomment>
        <translation>编辑隐患 #{0}</translation>
    </message>
    <message>
        <source>Hazard #{0} has no rectification yet.</source>
        <extracomment>隐患 #{0} 还没有整改，请先下达整改。</extracomment>
        <translation>隐患 #{0} 还没有整改，请先下达整改。</translation>
    </message>
    <message>
        <source>{0}: hazard #{1}</source>
        <extracomment>{0}：隐患 #{1}</extracomment>
        <translation>{0}：隐患 #{1}</translation>
    </message>
    <message>
        <source>hazard #{0}</source>
        <extracomment>隐患 #{0}</extracomment>
        <translation>隐患 #{0}</translation>
    </message>
    <message>
        <source>Delete hazard</source>
        <extracomment>删除隐患</extracomment>
        <translation>删除隐患</translation>
    </message>
    <message>
        <source>Delete hazard #{0} ({1}) and its rectification? Undo brings it back.</source>
        <extracomment>删除隐患 #{0}（{1}）及其整改？可以用“撤销”恢复。</extracomment>
        <translation>删除隐患 #{0}（{1}）及其整改？可以用“撤销”恢复。</translation>
    </message>
    <message>
        <source>Delete hazard #{0}</source>
        <extracomment>删除隐患 #{0}</extracomment>
        <translation>删除隐患 #{0}</translation>
    </message>
    <message>
        <source>Escalate overdue major hazards</source>
        <extracomment>提级督办逾期重大隐患</extracomment>
        <translation>提级督办逾期重大隐患</translation>
    </message>
    <message>
        <source>Escalated {0} overdue major hazard(s).</source>
        <extracomment>已提级督办 {0} 项逾期重大隐患。</extracomment>
        <translation>已提级督办 {0} 项逾期重大隐患。</translation>
    </message>
</context>
<context>
    <name>LedgerFiles</name>
    <message>
        <source>Export the ledger (XLSX)…</source>
        <extracomment>导出隐患台账（XLSX）…</extracomment>
        <translation>导出隐患台账（XLSX）…</translation>
    </message>
    <message>
        <source>Import a ledger (XLSX, CSV)…</source>
        <extracomment>导入隐患台账（XLSX、CSV）…</extracomment>
        <translation>导入隐患台账（XLSX、CSV）…</translation>
    </message>
    <message>
        <source>Supervision notice (PDF)…</source>
        <extracomment>督办通知（PDF）…</extracomment>
        <translation>督办通知（PDF）…</translation>
    </message>
    <message>
        <source>Responsibility lists…</source>
        <extracomment>责任清单…</extracomment>
        <translation>责任清单…</translation>
    </message>
    <message>
        <source>Users…</source>
        <extracomment>用户…</extracomment>
        <translation>用户…</translation>
    </message>
    <message>
        <source>Export the ledger</source>
        <extracomment>导出隐患台账</extracomment>
        <translation>导出隐患台账</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx)</source>
        <extracomment>Excel 文件 (*.xlsx)</extracomment>
        <translation>Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported {0} hazards to {1}</source>
        <extracomment>已导出 {0} 条隐患到 {1}</extracomment>
        <translation>已导出 {0} 条隐患到 {1}</translation>
    </message>
    <message>
        <source>Import a ledger</source>
        <extracomment>导入隐患台账</extracomment>
        <translation>导入隐患台账</translation>
    </message>
    <message>
        <source>Ledger files (*.xlsx *.csv)</source>
        <extracomment>台账文件 (*.xlsx *.csv)</extracomment>
        <translation>台账文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Save the supervision notice</source>
        <extracomment>保存督办通知</extracomment>
        <translation>保存督办通知</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <extracomment>PDF 文件 (*.pdf)</extracomment>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Draft supervision notice for {0} ({1} items, no number): {2}</source>
        <extracomment>已生成{0}的督办通知预览稿（{1} 项，未编文号）：{2}</extracomment>
        <translation>已生成{0}的督办通知预览稿（{1} 项，未编文号）：{2}</translation>
    </message>
    <message>
        <source>Supervision notice {1} for {0} ({2} items): {3}</source>
        <extracomment>已印发{0}的督办通知 {1}（{2} 项）：{3}</extracomment>
        <translation>已印发{0}的督办通知 {1}（{2} 项）：{3}</translation>
    </message>
    <message>
        <source>Preview the supervision notice (no number taken)…</source>
        <extracomment>预览督办通知（不占用文号）…</extracomment>
        <translation>预览督办通知（不占用文号）…</translation>
    </message>
    <message>
        <source>Write a supervision notice (PDF)…</source>
        <extracomment>生成督办通知（PDF）…</extracomment>
        <translation>生成督办通知（PDF）…</translation>
    </message>
</context>
<context>
    <name>LedgerWords</name>
    <message>
        <source>Start rectification</source>
        <extracomment>开始整改</extracomment>
        <translation>开始整改</translation>
    </message>
    <message>
        <source>Submit for acceptance</source>
        <extracomment>提交验收</extracomment>
        <translation>提交验收</translation>
    </message>
    <message>
        <source>Verify and close</source>
        <extracomment>验收销号</extracomment>
        <translation>验收销号</translation>
    </message>
    <message>
        <source>Send back…</source>
        <extracomment>退回整改…</extracomment>
        <translation>退回整改…</translation>
    </message>
    <message>
        <source>Order rectification…</source>
        <extracomment>下达整改…</extracomment>
        <translation>下达整改…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <extracomment>编辑…</extracomment>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <extracomment>删除…</extracomment>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Rectification started</source>
        <extracomment>开始整改</extracomment>
        <translation>开始整改</translation>
    </message>
    <message>
        <source>Submitted for acceptance</source>
        <extracomment>提交验收</extracomment>
        <translation>提交验收</translation>
    </message>
    <message>
        <source>Verified and closed</source>
        <extracomment>验收销号</extracomment>
        <translation>验收销号</translation>
    </message>
    <message>
        <source>Sent back for rectification</source>
        <extracomment>退回整改</extracomment>
        <translation>退回整改</translation>
    </message>
    <message>
        <source>read only</source>
        <extracomment>只读</extracomment>
        <translation>只读</translation>
    </message>
    <message>
        <source>editor</source>
        <extracomment>编辑</extracomment>
        <translation>编辑</translation>
    </message>
    <message>
        <source>admin</source>
        <extracomment>管理员</extracomment>
        <translation>管理员</translation>
    </message>
    <message>
        <source>{0} · read only (not a registered user)</source>
        <extracomment>{0} · 只读（未登记用户）</extracomment>
        <translation>{0} · 只读（未登记用户）</translation>
    </message>
    <message>
        <source>{0} is not a registered user of this database and can only look. Choose a user in File → Switch user.</source>
        <extracomment>{0} 不是本数据库的登记用户，只能查看。请在“文件 → 切换用户”中选择用户。</extracomment>
        <translation>{0} 不是本数据库的登记用户，只能查看。请在“文件 → 切换用户”中选择用户。</translation>
    </message>
    <message>
        <source>{0} is a read-only user: only editors and admins can change the hazard ledger.</source>
        <extracomment>{0} 是只读用户：只有编辑和管理员可以修改隐患台账。</extracomment>
        <translation>{0} 是只读用户：只有编辑和管理员可以修改隐患台账。</translation>
    </message>
    <message>
        <source>level</source>
        <extracomment>隐患级别</extracomment>
        <translation>隐患级别</translation>
    </message>
    <message>
        <source>category</source>
        <extracomment>隐患类别</extracomment>
        <translation>隐患类别</translation>
    </message>
    <message>
        <source>description</source>
        <extracomment>隐患描述</extracomment>
        <translation>隐患描述</translation>
    </message>
    <message>
        <source>found on</source>
        <extracomment>发现日期</extracomment>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>found by</source>
        <extracomment>发现人</extracomment>
        <translation>发现人</translation>
    </message>
    <message>
        <source>inspection</source>
        <extracomment>督查</extracomment>
        <translation>督查</translation>
    </message>
    <message>
        <source>escalation</source>
        <extracomment>提级督办</extracomment>
        <translation>提级督办</translation>
    </message>
    <message>
        <source>escalated on</source>
        <extracomment>提级日期</extracomment>
        <translation>提级日期</translation>
    </message>
    <message>
        <source>measures</source>
        <extracomment>整改措施</extracomment>
        <translation>整改措施</translation>
    </message>
    <message>
        <source>deadline</source>
        <extracomment>整改期限</extracomment>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>responsible unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>responsible person</source>
        <extracomment>责任人</extracomment>
        <translation>责任人</translation>
    </message>
    <message>
        <source>status</source>
        <extracomment>整改状态</extracomment>
        <translation>整改状态</translation>
    </message>
    <message>
        <source>funds (10k yuan)</source>
        <extracomment>整改资金（万元）</extracomment>
        <translation>整改资金（万元）</translation>
    </message>
    <message>
        <source>submitted by</source>
        <extracomment>提交人</extracomment>
        <translation>提交人</translation>
    </message>
    <message>
        <source>submitted on</source>
        <extracomment>提交日期</extracomment>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>verified by</source>
        <extracomment>验收人</extracomment>
        <translation>验收人</translation>
    </message>
    <message>
        <source>verified on</source>
        <extracomment>验收日期</extracomment>
        <translation>验收日期</translation>
    </message>
    <message>
        <source>review note</source>
        <extracomment>验收意见</extracomment>
        <translation>验收意见</translation>
    </message>
    <message>
        <source>password set on</source>
        <extracomment>密码设置时间</extracomment>
        <translation>密码设置时间</translation>
    </message>
    <message>
        <source>Redo: {0}</source>
        <extracomment>重做：{0}</extracomment>
        <translation>重做：{0}</translation>
    </message>
    <message>
        <source>Undo: {0}</source>
        <extracomment>撤销：{0}</extracomment>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <source>New hazard #{0}</source>
        <extracomment>新建隐患 #{0}</extracomment>
        <translation>新建隐患 #{0}</translation>
    </message>
    <message>
        <source>Hazard #{0} deleted</source>
        <extracomment>删除隐患 #{0}</extracomment>
        <translation>删除隐患 #{0}</translation>
    </message>
    <message>
        <source>Escalated: hazard #{0}</source>
        <extracomment>提级督办：隐患 #{0}</extracomment>
        <translation>提级督办：隐患 #{0}</translation>
    </message>
    <message>
        <source>Hazard #{0} changed</source>
        <extracomment>修改隐患 #{0}</extracomment>
        <translation>修改隐患 #{0}</translation>
    </message>
    <message>
        <source>Rectification ordered (hazard #{0})</source>
        <extracomment>下达整改（隐患 #{0}）</extracomment>
        <translation>下达整改（隐患 #{0}）</translation>
    </message>
    <message>
        <source>Rectification deleted (hazard #{0})</source>
        <extracomment>删除整改（隐患 #{0}）</extracomment>
        <translation>删除整改（隐患 #{0}）</translation>
    </message>
    <message>
        <source>{0} (hazard #{1})</source>
        <extracomment>{0}（隐患 #{1}）</extracomment>
        <translation>{0}（隐患 #{1}）</translation>
    </message>
    <message>
        <source>Rectification changed (hazard #{0})</source>
        <extracomment>修改整改（隐患 #{0}）</extracomment>
        <translation>修改整改（隐患 #{0}）</translation>
    </message>
    <message>
        <source>Responsibility list changed</source>
        <extracomment>修改责任清单</extracomment>
        <translation>修改责任清单</translation>
    </message>
    <message>
        <source>Password set: {0}</source>
        <extracomment>设置密码：{0}</extracomment>
        <translation>设置密码：{0}</translation>
    </message>
    <message>
        <source>User changed: {0}</source>
        <extracomment>修改用户：{0}</extracomment>
        <translation>修改用户：{0}</translation>
    </message>
    <message>
        <source>{0}: {1} → {2}</source>
        <extracomment>{0}：{1} → {2}</extracomment>
        <translation>{0}：{1} → {2}</translation>
    </message>
    <message>
        <source>; </source>
        <extracomment>；</extracomment>
        <translation>；</translation>
    </message>
    <message>
        <source>escalated</source>
        <extracomment>已提级</extracomment>
        <translation>已提级</translation>
    </message>
    <message>
        <source>{0}. Yours was not saved; reopen it and try again.</source>
        <extracomment>{0}。您的修改没有保存，请重新打开后再试。</extracomment>
        <translation>{0}。您的修改没有保存，请重新打开后再试。</translation>
    </message>
    <message>
        <source>Someone else changed this record a moment ago</source>
        <extracomment>其他人刚刚修改了这条记录</extracomment>
        <translation>其他人刚刚修改了这条记录</translation>
    </message>
    <message>
        <source>{0} changed it at {1}: {2}</source>
        <extracomment>{0} 在 {1} 已修改：{2}</extracomment>
        <translation>{0} 在 {1} 已修改：{2}</translation>
    </message>
    <message>
        <source>{0} changed it at {1}: {2} ({3})</source>
        <extracomment>{0} 在 {1} 已修改：{2}（{3}）</extracomment>
        <translation>{0} 在 {1} 已修改：{2}（{3}）</translation>
    </message>
</context>
<context>
    <name>ListWords</name>
    <message>
        <source>All layers</source>
        <extracomment>全部</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <source>Whole city</source>
        <extracomment>全市</extracomment>
        <translation>全市</translation>
    </message>
    <message>
        <source>Was: {old}</source>
        <extracomment>原值：{old}</extracomment>
        <translation>原值：{old}</translation>
    </message>
    <message>
        <source>New row, not saved yet</source>
        <extracomment>新增，尚未保存</extracomment>
        <translation>新增，尚未保存</translation>
    </message>
    <message>
        <source>Will be deleted when you save</source>
        <extracomment>保存时删除</extracomment>
        <translation>保存时删除</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Switch user</source>
        <extracomment>切换用户</extracomment>
        <translation>切换用户</translation>
    </message>
    <message>
        <source>Sign in to riskmap</source>
        <extracomment>登录 riskmap</extracomment>
        <translation>登录 riskmap</translation>
    </message>
    <message>
        <source>Enter your user name and password. Every ledger change is recorded in it.</source>
        <extracomment>请输入用户名和密码。台账的每项修改都会记录在该用户名下。</extracomment>
        <translation>请输入用户名和密码。台账的每项修改都会记录在该用户名下。</translation>
    </message>
    <message>
        <source>Sign in</source>
        <extracomment>登录</extracomment>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <extracomment>用户名</extracomment>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>密码</extracomment>
        <translation>密码</translation>
    </message>
    <message>
        <source>New password</source>
        <extracomment>新密码</extracomment>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat it</source>
        <extracomment>再输一次</extracomment>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>Enter your user name.</source>
        <extracomment>请输入用户名。</extracomment>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>Database error: {0}</source>
        <extracomment>数据库错误：{0}</extracomment>
        <translation>数据库错误：{0}</translation>
    </message>
    <message>
        <source>{0} is the first admin of this database and has no password yet. Set one (at least {1} characters); then set the other users' passwords.</source>
        <extracomment>{0} 是本库首位管理员，尚无密码。请设置（至少 {1} 个字符），再为其他用户设置。</extracomment>
        <translation>{0} 是本库首位管理员，尚无密码。请设置（至少 {1} 个字符），再为其他用户设置。</translation>
    </message>
    <message>
        <source>{0} has no password yet. Ask an admin to set one.</source>
        <extracomment>{0} 还没有密码。请管理员在“隐患台账 → 用户…”中为其设置密码。</extracomment>
        <translation>{0} 还没有密码。请管理员在“隐患台账 → 用户…”中为其设置密码。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <extracomment>用户名或密码不正确。</extracomment>
        <translation>用户名或密码不正确。</translation>
    </message>
    <message>
        <source>A password needs at least {0} characters.</source>
        <extracomment>密码至少需要 {0} 个字符。</extracomment>
        <translation>密码至少需要 {0} 个字符。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <extracomment>两次输入的密码不一致。</extracomment>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No layer is visible: the selection finds nothing.</source>
        <translation>没有可见图层：选区内无结果。</translation>
    </message>
    <message>
        <source>{0} sites, {1} hazards ({2} open, {3} overdue) in the selection, as of {4}</source>
        <extracomment>选区内风险点 {0} 个，隐患 {1} 条（未销号 {2} 条，逾期 {3} 条），截至 {4}</extracomment>
        <translation>选区内风险点 {0} 个，隐患 {1} 条（未销号 {2} 条，逾期 {3} 条），截至 {4}</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <source>Site {0} is not on the map</source>
        <translation>风险点 {0} 不在地图上</translation>
    </message>
    <message>
        <source>Showing the first {0} of {1} sites</source>
        <translation>仅显示 {1} 个风险点中的前 {0} 个</translation>
    </message>
    <message>
        <source>Basemap: {0}</source>
        <translation>底图：{0}</translation>
    </message>
    <message>
        <source>Polygon: click at least three vertices</source>
        <translation>多边形：请至少点击三个顶点</translation>
    </message>
    <message>
        <source>Lasso: drag around an area</source>
        <translation>套索：请按住鼠标圈出一个区域</translation>
    </message>
    <message>
        <source>No county here</source>
        <translation>此处不在任何县区内</translation>
    </message>
    <message>
        <source>No township here</source>
        <translation>此处不在任何镇办内</translation>
    </message>
</context>
<context>
    <name>MapCommands</name>
    <message>
        <source>Select a site or a region first: the buffer goes around its sites.</source>
        <translation>请先选择风险点或区域：缓冲区围绕其中的风险点生成。</translation>
    </message>
    <message>
        <source>Buffer around {0} site(s): {1}</source>
        <extracomment>缓冲区：围绕 {0} 处风险点（{1}）</extracomment>
        <translation>缓冲区：围绕 {0} 处风险点（{1}）</translation>
    </message>
    <message>
        <source>Distance around {0} site(s), metres:</source>
        <translation>围绕 {0} 个风险点的距离（米）：</translation>
    </message>
    <message>
        <source>Buffer</source>
        <translation>缓冲区</translation>
    </message>
    <message>
        <source>{0} feature(s) here</source>
        <translation>此处有 {0} 个要素</translation>
    </message>
    <message>
        <source>Nothing here</source>
        <translation>此处无要素</translation>
    </message>
</context>
<context>
    <name>MapExportActions</name>
    <message>
        <source>Export map…</source>
        <extracomment>导出地图…</extracomment>
        <translation>导出地图…</translation>
    </message>
    <message>
        <source>The view, a district or a theme as a PDF or PNG map with legend and scale</source>
        <extracomment>将当前视图、行政区或专题导出为带图例、比例尺和指北针的 PDF 或 PNG 地图</extracomment>
        <translation>将当前视图、行政区或专题导出为带图例、比例尺和指北针的 PDF 或 PNG 地图</translation>
    </message>
</context>
<context>
    <name>MapExportDialog</name>
    <message>
        <source>Export map</source>
        <extracomment>导出地图</extracomment>
        <translation>导出地图</translation>
    </message>
    <message>
        <source>Current view</source>
        <extracomment>当前视图</extracomment>
        <translation>当前视图</translation>
    </message>
    <message>
        <source>District</source>
        <extracomment>行政区</extracomment>
        <translation>行政区</translation>
    </message>
    <message>
        <source>Holiday or season theme (whole city)</source>
        <extracomment>节日/季节专题（全市）</extracomment>
        <translation>节日/季节专题（全市）</translation>
    </message>
    <message>
        <source>Extent</source>
        <extracomment>范围</extracomment>
        <translation>范围</translation>
    </message>
    <message>
        <source>Theme</source>
        <extracomment>专题</extracomment>
        <translation>专题</translation>
    </message>
    <message>
        <source>Format</source>
        <extracomment>格式</extracomment>
        <translation>格式</translation>
    </message>
    <message>
        <source>Paper (landscape)</source>
        <extracomment>纸张（横向）</extracomment>
        <translation>纸张（横向）</translation>
    </message>
    <message>
        <source>Resolution (dpi)</source>
        <extracomment>分辨率（点/英寸）</extracomment>
        <translation>分辨率（点/英寸）</translation>
    </message>
    <message>
        <source>Title</source>
        <extracomment>标题</extracomment>
        <translation>标题</translation>
    </message>
    <message>
        <source>Empty: made from the city, the extent and the theme</source>
        <extracomment>留空则按城市、范围和专题自动生成</extracomment>
        <translation>留空则按城市、范围和专题自动生成</translation>
    </message>
    <message>
        <source>Export…</source>
        <extracomment>导出…</extracomment>
        <translation>导出…</translation>
    </message>
    <message>
        <source>map</source>
        <extracomment>地图</extracomment>
        <translation>地图</translation>
    </message>
    <message>
        <source>Exporting the map…</source>
        <extracomment>正在导出地图…</extracomment>
        <translation>正在导出地图…</translation>
    </message>
    <message>
        <source>Map exported: {0}</source>
        <extracomment>已导出地图：{0}</extracomment>
        <translation>已导出地图：{0}</translation>
    </message>
</context>
<context>
    <name>MapSketch</name>
    <message>
        <source>Polygon: click the vertices; double-click or Enter closes it, Backspace takes back a vertex, Esc cancels</source>
        <extracomment>多边形：依次单击各顶点；双击或按 Enter 闭合，Backspace 撤销上一个顶点，Esc 取消</extracomment>
        <translation>多边形：依次单击各顶点；双击或按 Enter 闭合，Backspace 撤销上一个顶点，Esc 取消</translation>
    </message>
    <message>
        <source>Lasso: drag around the area and release to close it; Esc cancels</source>
        <extracomment>套索：按住鼠标圈出范围，松开即闭合；Esc 取消</extracomment>
        <translation>套索：按住鼠标圈出范围，松开即闭合；Esc 取消</translation>
    </message>
    <message>
        <source>Rectangle: drag from one corner to the opposite one; Esc cancels</source>
        <extracomment>矩形：从一角拖到对角；Esc 取消</extracomment>
        <translation>矩形：从一角拖到对角；Esc 取消</translation>
    </message>
    <message>
        <source>Circle: drag from the centre outwards; Esc cancels</source>
        <extracomment>圆形：从圆心向外拖动；Esc 取消</extracomment>
        <translation>圆形：从圆心向外拖动；Esc 取消</translation>
    </message>
    <message>
        <source>Patrol area: click the vertices; double-click or Enter finishes, Backspace takes back a vertex, Esc cancels</source>
        <extracomment>巡查区域：依次单击各顶点；双击或按 Enter 完成，Backspace 撤销上一个顶点，Esc 取消</extracomment>
        <translation>巡查区域：依次单击各顶点；双击或按 Enter 完成，Backspace 撤销上一个顶点，Esc 取消</translation>
    </message>
    <message>
        <source>Patrol route: click the points; double-click or Enter finishes, Backspace takes back a point, Esc cancels</source>
        <extracomment>巡查路线：依次单击各点；双击或按 Enter 完成，Backspace 撤销上一个点，Esc 取消</extracomment>
        <translation>巡查路线：依次单击各点；双击或按 Enter 完成，Backspace 撤销上一个点，Esc 取消</translation>
    </message>
</context>
<context>
    <name>MappingTable</name>
    <message>
        <source>Layer field</source>
        <extracomment>图层字段</extracomment>
        <translation>图层字段</translation>
    </message>
    <message>
        <source>File column</source>
        <extracomment>文件中的列</extracomment>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Check of the first rows</source>
        <extracomment>前几行检查</extracomment>
        <translation>前几行检查</translation>
    </message>
    <message>
        <source>— not imported —</source>
        <extracomment>—— 不导入 ——</extracomment>
        <translation>—— 不导入 ——</translation>
    </message>
    <message>
        <source>required: choose a column</source>
        <extracomment>必填：请选择一列</extracomment>
        <translation>必填：请选择一列</translation>
    </message>
    <message>
        <source>row {0}</source>
        <extracomment>第 {0} 行</extracomment>
        <translation>第 {0} 行</translation>
    </message>
    <message>
        <source>feature {0}</source>
        <extracomment>第 {0} 个要素</extracomment>
        <translation>第 {0} 个要素</translation>
    </message>
</context>
<context>
    <name>NewCityDialog</name>
    <message>
        <source>New city</source>
        <extracomment>新建城市</extracomment>
        <translation>新建城市</translation>
    </message>
    <message>
        <source>The city's outline (GeoPackage, Shapefile, KML, GeoJSON …)</source>
        <extracomment>城市边界文件（GeoPackage、Shapefile、KML、GeoJSON……）</extracomment>
        <translation>城市边界文件（GeoPackage、Shapefile、KML、GeoJSON……）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>GPS / official data (CGCS2000 / WGS84)</source>
        <extracomment>GPS / 官方数据（CGCS2000 / WGS84）</extracomment>
        <translation>GPS / 官方数据（CGCS2000 / WGS84）</translation>
    </message>
    <message>
        <source>Amap (GCJ-02)</source>
        <extracomment>高德地图（GCJ-02）</extracomment>
        <translation>高德地图（GCJ-02）</translation>
    </message>
    <message>
        <source>Baidu Maps (BD-09)</source>
        <extracomment>百度地图（BD-09）</extracomment>
        <translation>百度地图（BD-09）</translation>
    </message>
    <message>
        <source>Tianditu (CGCS2000)</source>
        <extracomment>天地图（CGCS2000）</extracomment>
        <translation>天地图（CGCS2000）</translation>
    </message>
    <message>
        <source>default: the file's name</source>
        <extracomment>默认为文件名</extracomment>
        <translation>默认为文件名</translation>
    </message>
    <message>
        <source>administrative code, e.g. 320500</source>
        <extracomment>行政区划代码，例如 320500</extracomment>
        <translation>行政区划代码，例如 320500</translation>
    </message>
    <message>
        <source>given once the outline is chosen; may be changed</source>
        <extracomment>选择边界文件后自动给出，可修改</extracomment>
        <translation>选择边界文件后自动给出，可修改</translation>
    </message>
    <message>
        <source>Outline file</source>
        <extracomment>边界文件</extracomment>
        <translation>边界文件</translation>
    </message>
    <message>
        <source>Layer</source>
        <extracomment>图层</extracomment>
        <translation>图层</translation>
    </message>
    <message>
        <source>Coordinates from</source>
        <extracomment>坐标来源</extracomment>
        <translation>坐标来源</translation>
    </message>
    <message>
        <source>City name</source>
        <extracomment>城市名称</extracomment>
        <translation>城市名称</translation>
    </message>
    <message>
        <source>District code</source>
        <extracomment>区划代码</extracomment>
        <translation>区划代码</translation>
    </message>
    <message>
        <source>Coordinate system (metres)</source>
        <extracomment>坐标系（米制）</extracomment>
        <translation>坐标系（米制）</translation>
    </message>
    <message>
        <source>Create</source>
        <extracomment>新建</extracomment>
        <translation>新建</translation>
    </message>
    <message>
        <source>Choose the city's outline</source>
        <extracomment>选择城市边界文件</extracomment>
        <translation>选择城市边界文件</translation>
    </message>
    <message>
        <source>Reading the outline …</source>
        <extracomment>正在读取边界 …</extracomment>
        <translation>正在读取边界 …</translation>
    </message>
    <message>
        <source>{0} is chosen from the city's centre (the nearest CGCS2000 3° Gauss-Krüger zone in China, the UTM zone elsewhere).</source>
        <extracomment>按城市中心选定 {0}（中国境内为距离最近的 CGCS2000 三度带，境外为 UTM 带）。</extracomment>
        <translation>按城市中心选定 {0}（中国境内为距离最近的 CGCS2000 三度带，境外为 UTM 带）。</translation>
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Page {0} of {1}</source>
        <extracomment>第 {0} / {1} 页</extracomment>
        <translation>第 {0} / {1} 页</translation>
    </message>
</context>
<context>
    <name>PatrolActions</name>
    <message>
        <source>Draw patrol area</source>
        <extracomment>绘制巡查区域</extracomment>
        <translation>绘制巡查区域</translation>
    </message>
    <message>
        <source>Draw patrol route</source>
        <extracomment>绘制巡查路线</extracomment>
        <translation>绘制巡查路线</translation>
    </message>
    <message>
        <source>Edit patrol shape</source>
        <extracomment>编辑巡查区域图形</extracomment>
        <translation>编辑巡查区域图形</translation>
    </message>
    <message>
        <source>Coverage check…</source>
        <extracomment>巡查覆盖检查…</extracomment>
        <translation>巡查覆盖检查…</translation>
    </message>
    <message>
        <source>&amp;Patrols</source>
        <extracomment>巡查(&amp;P)</extracomment>
        <translation>巡查(&amp;P)</translation>
    </message>
    <message>
        <source>Patrol areas</source>
        <extracomment>巡查区域</extracomment>
        <translation>巡查区域</translation>
    </message>
    <message>
        <source>Apply (Enter) or discard (Esc) the changes first.</source>
        <extracomment>请先应用（回车）或放弃（Esc）对图形的修改。</extracomment>
        <translation>请先应用（回车）或放弃（Esc）对图形的修改。</translation>
    </message>
    <message>
        <source>Click the patrol area whose shape you want to change.</source>
        <extracomment>在地图上点击要修改图形的巡查区域。</extracomment>
        <translation>在地图上点击要修改图形的巡查区域。</translation>
    </message>
    <message>
        <source>Click the vertices of the patrol area; Enter or a double click finishes, Backspace takes back the last vertex, Esc cancels.</source>
        <extracomment>依次点击巡查区域的顶点；回车或双击结束，Backspace 撤回上一个顶点，Esc 取消。</extracomment>
        <translation>依次点击巡查区域的顶点；回车或双击结束，Backspace 撤回上一个顶点，Esc 取消。</translation>
    </message>
    <message>
        <source>Click the points of the patrol route; Enter or a double click finishes, Backspace takes back the last point, Esc cancels.</source>
        <extracomment>依次点击巡查路线的各点；回车或双击结束，Backspace 撤回上一个点，Esc 取消。</extracomment>
        <translation>依次点击巡查路线的各点；回车或双击结束，Backspace 撤回上一个点，Esc 取消。</translation>
    </message>
    <message>
        <source>The drawing was discarded.</source>
        <extracomment>已放弃绘制的图形。</extracomment>
        <translation>已放弃绘制的图形。</translation>
    </message>
    <message>
        <source>Delete patrol area</source>
        <extracomment>删除巡查区域</extracomment>
        <translation>删除巡查区域</translation>
    </message>
    <message>
        <source>Delete the patrol area “{0}”? Undo brings it back.</source>
        <extracomment>删除巡查区域“{0}”？可以用“撤销”恢复。</extracomment>
        <translation>删除巡查区域“{0}”？可以用“撤销”恢复。</translation>
    </message>
</context>
<context>
    <name>PatrolController</name>
    <message>
        <source>New patrol area “{0}”</source>
        <extracomment>新建巡查区域“{0}”</extracomment>
        <translation>新建巡查区域“{0}”</translation>
    </message>
    <message>
        <source>Edit patrol area “{0}”</source>
        <extracomment>编辑巡查区域“{0}”</extracomment>
        <translation>编辑巡查区域“{0}”</translation>
    </message>
    <message>
        <source>Reshape patrol area “{0}”</source>
        <extracomment>修改巡查区域“{0}”的图形</extracomment>
        <translation>修改巡查区域“{0}”的图形</translation>
    </message>
    <message>
        <source>Delete patrol area “{0}”</source>
        <extracomment>删除巡查区域“{0}”</extracomment>
        <translation>删除巡查区域“{0}”</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <extracomment>没有修改。</extracomment>
        <translation>没有修改。</translation>
    </message>
    <message>
        <source>Cannot undo or redo “{0}”: {1}</source>
        <extracomment>无法撤销或重做“{0}”：{1}</extracomment>
        <translation>无法撤销或重做“{0}”：{1}</translation>
    </message>
</context>
<context>
    <name>PatrolDialog</name>
    <message>
        <source>New patrol route</source>
        <extracomment>新建巡查路线</extracomment>
        <translation>新建巡查路线</translation>
    </message>
    <message>
        <source>New patrol area</source>
        <extracomment>新建巡查区域</extracomment>
        <translation>新建巡查区域</translation>
    </message>
    <message>
        <source>Edit {0} “{1}”</source>
        <extracomment>编辑{0}“{1}”</extracomment>
        <translation>编辑{0}“{1}”</translation>
    </message>
    <message>
        <source>Name of the patrol team</source>
        <extracomment>巡查组名称</extracomment>
        <translation>巡查组名称</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>保存</extracomment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>名称</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Team</source>
        <extracomment>巡查组</extracomment>
        <translation>巡查组</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Preset</source>
        <extracomment>节日/季节专题</extracomment>
        <translation>节日/季节专题</translation>
    </message>
    <message>
        <source>Patrol window</source>
        <extracomment>巡查时段</extracomment>
        <translation>巡查时段</translation>
    </message>
    <message>
        <source>Corridor (each side)</source>
        <extracomment>覆盖宽度（路线两侧）</extracomment>
        <translation>覆盖宽度（路线两侧）</translation>
    </message>
    <message>
        <source>Note</source>
        <extracomment>备注</extracomment>
        <translation>备注</translation>
    </message>
    <message>
        <source>Optional; type to search the units</source>
        <extracomment>选填；输入名称查找责任单位</extracomment>
        <translation>选填；输入名称查找责任单位</translation>
    </message>
    <message>
        <source>Give the patrol area a name.</source>
        <extracomment>请填写名称。</extracomment>
        <translation>请填写名称。</translation>
    </message>
    <message>
        <source>The end date cannot be before the start date.</source>
        <extracomment>结束日期不能早于开始日期。</extracomment>
        <translation>结束日期不能早于开始日期。</translation>
    </message>
    <message>
        <source>A route's corridor must be wider than 0 m.</source>
        <extracomment>路线的覆盖宽度必须大于 0 米。</extracomment>
        <translation>路线的覆盖宽度必须大于 0 米。</translation>
    </message>
    <message>
        <source>Pick a unit from the list (or leave it empty).</source>
        <extracomment>请从列表中选择责任单位（或留空）。</extracomment>
        <translation>请从列表中选择责任单位（或留空）。</translation>
    </message>
</context>
<context>
    <name>PatrolDrawTool</name>
    <message>
        <source>Patrol area: click at least three vertices</source>
        <extracomment>巡查区域：请至少点击三个顶点</extracomment>
        <translation>巡查区域：请至少点击三个顶点</translation>
    </message>
    <message>
        <source>Patrol route: click at least two points</source>
        <extracomment>巡查路线：请至少点击两个点</extracomment>
        <translation>巡查路线：请至少点击两个点</translation>
    </message>
</context>
<context>
    <name>PatrolEditTool</name>
    <message>
        <source>Apply (Enter) or discard (Esc) the changes to the shape first.</source>
        <extracomment>请先应用（回车）或放弃（Esc）对图形的修改。</extracomment>
        <translation>请先应用（回车）或放弃（Esc）对图形的修改。</translation>
    </message>
    <message>
        <source>A patrol area needs at least three vertices.</source>
        <extracomment>巡查区域至少需要三个顶点。</extracomment>
        <translation>巡查区域至少需要三个顶点。</translation>
    </message>
    <message>
        <source>A patrol route needs at least two points.</source>
        <extracomment>巡查路线至少需要两个点。</extracomment>
        <translation>巡查路线至少需要两个点。</translation>
    </message>
</context>
<context>
    <name>PatrolExport</name>
    <message>
        <source>Export patrol plans (GeoJSON / KML / XLSX)…</source>
        <extracomment>导出巡查方案（GeoJSON / KML / XLSX）…</extracomment>
        <translation>导出巡查方案（GeoJSON / KML / XLSX）…</translation>
    </message>
    <message>
        <source>Export patrol plans</source>
        <extracomment>导出巡查方案</extracomment>
        <translation>导出巡查方案</translation>
    </message>
    <message>
        <source>KML for phones (*.kml);;GeoJSON (*.geojson);;Excel roster (*.xlsx)</source>
        <extracomment>KML（手机地图） (*.kml);;GeoJSON (*.geojson);;Excel 排班表 (*.xlsx)</extracomment>
        <translation>KML（手机地图） (*.kml);;GeoJSON (*.geojson);;Excel 排班表 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported {0} patrol areas to {1}</source>
        <extracomment>已导出 {0} 个巡查区域到 {1}</extracomment>
        <translation>已导出 {0} 个巡查区域到 {1}</translation>
    </message>
</context>
<context>
    <name>PatrolList</name>
    <message>
        <source>All presets</source>
        <extracomment>全部专题</extracomment>
        <translation>全部专题</translation>
    </message>
    <message>
        <source>Active between</source>
        <extracomment>时段内有效：</extracomment>
        <translation>时段内有效：</translation>
    </message>
    <message>
        <source>New area</source>
        <extracomment>新建区域</extracomment>
        <translation>新建区域</translation>
    </message>
    <message>
        <source>New route</source>
        <extracomment>新建路线</extracomment>
        <translation>新建路线</translation>
    </message>
    <message>
        <source>Edit…</source>
        <extracomment>编辑…</extracomment>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <extracomment>删除…</extracomment>
        <translation>删除…</translation>
    </message>
    <message>
        <source>What it covers</source>
        <extracomment>覆盖范围内有什么</extracomment>
        <translation>覆盖范围内有什么</translation>
    </message>
    <message>
        <source>Apply shape</source>
        <extracomment>应用图形修改</extracomment>
        <translation>应用图形修改</translation>
    </message>
    <message>
        <source>Discard</source>
        <extracomment>放弃修改</extracomment>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>名称</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>类型</extracomment>
        <translation>类型</translation>
    </message>
    <message>
        <source>Team</source>
        <extracomment>巡查组</extracomment>
        <translation>巡查组</translation>
    </message>
    <message>
        <source>Window</source>
        <extracomment>巡查时段</extracomment>
        <translation>巡查时段</translation>
    </message>
    <message>
        <source>Preset</source>
        <extracomment>专题</extracomment>
        <translation>专题</translation>
    </message>
    <message>
        <source>Unit</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Drag a square to move a vertex; drag a dot or click an edge to add one; right-click or Delete removes one; Enter applies, Esc discards.</source>
        <extracomment>拖动方块移动顶点；拖动圆点或点击边线加点；右键或Delete删点；回车应用，Esc放弃。</extracomment>
        <translation>拖动方块移动顶点；拖动圆点或点击边线加点；右键或Delete删点；回车应用，Esc放弃。</translation>
    </message>
    <message>
        <source>{0} of {1} patrol areas</source>
        <extracomment>{0} / {1} 个巡查区域</extracomment>
        <translation>{0} / {1} 个巡查区域</translation>
    </message>
</context>
<context>
    <name>PatrolPanel</name>
    <message>
        <source>Patrol areas</source>
        <extracomment>巡查区域</extracomment>
        <translation>巡查区域</translation>
    </message>
    <message>
        <source>Coverage check</source>
        <extracomment>覆盖检查</extracomment>
        <translation>覆盖检查</translation>
    </message>
</context>
<context>
    <name>PatrolWords</name>
    <message>
        <source>patrol area</source>
        <extracomment>巡查区域</extracomment>
        <translation>巡查区域</translation>
    </message>
    <message>
        <source>patrol route</source>
        <extracomment>巡查路线</extracomment>
        <translation>巡查路线</translation>
    </message>
    <message>
        <source>none (no holiday or season)</source>
        <extracomment>无（不属于节日或季节专题）</extracomment>
        <translation>无（不属于节日或季节专题）</translation>
    </message>
    <message>
        <source>open major hazard</source>
        <extracomment>重大隐患未销号</extracomment>
        <translation>重大隐患未销号</translation>
    </message>
    <message>
        <source>class 1/2 major hazard source</source>
        <extracomment>一级/二级重大危险源</extracomment>
        <translation>一级/二级重大危险源</translation>
    </message>
    <message>
        <source>top forest fire-danger class</source>
        <extracomment>最高森林火险等级</extracomment>
        <translation>最高森林火险等级</translation>
    </message>
    <message>
        <source>geohazard threatening ≥100 people</source>
        <extracomment>威胁人数≥100的地质灾害隐患点</extracomment>
        <translation>威胁人数≥100的地质灾害隐患点</translation>
    </message>
    <message>
        <source>official calendar</source>
        <extracomment>官方日历</extracomment>
        <translation>官方日历</translation>
    </message>
    <message>
        <source>fixed rule</source>
        <extracomment>固定规则</extracomment>
        <translation>固定规则</translation>
    </message>
    <message>
        <source>lunar table</source>
        <extracomment>农历对照表</extracomment>
        <translation>农历对照表</translation>
    </message>
    <message>
        <source>dates given</source>
        <extracomment>自定日期</extracomment>
        <translation>自定日期</translation>
    </message>
    <message>
        <source>holiday calendar entered</source>
        <extracomment>本库录入的放假安排</extracomment>
        <translation>本库录入的放假安排</translation>
    </message>
    <message>
        <source>any time</source>
        <extracomment>不限时段</extracomment>
        <translation>不限时段</translation>
    </message>
    <message>
        <source>from {0}</source>
        <extracomment>{0} 起</extracomment>
        <translation>{0} 起</translation>
    </message>
    <message>
        <source>until {0}</source>
        <extracomment>至 {0}</extracomment>
        <translation>至 {0}</translation>
    </message>
    <message>
        <source>{0} is not a registered user of this database and can only look at patrol areas.</source>
        <extracomment>{0} 不是本数据库的登记用户，只能查看巡查区域。</extracomment>
        <translation>{0} 不是本数据库的登记用户，只能查看巡查区域。</translation>
    </message>
    <message>
        <source>{0} is a read-only user: only editors and admins can draw and change patrol areas.</source>
        <extracomment>{0} 是只读用户：只有编辑和管理员可以绘制和修改巡查区域。</extracomment>
        <translation>{0} 是只读用户：只有编辑和管理员可以绘制和修改巡查区域。</translation>
    </message>
    <message>
        <source>The area's outline crosses itself: move or remove vertices so that no edges cross.</source>
        <extracomment>区域边界自相交：请移动或删除顶点，使各边互不交叉。</extracomment>
        <translation>区域边界自相交：请移动或删除顶点，使各边互不交叉。</translation>
    </message>
    <message>
        <source>The area has no surface: click at least three vertices that are not in a line.</source>
        <extracomment>区域没有面积：请至少点击三个不在一条直线上的顶点。</extracomment>
        <translation>区域没有面积：请至少点击三个不在一条直线上的顶点。</translation>
    </message>
    <message>
        <source>The route has no length: click at least two different points.</source>
        <extracomment>路线长度为零：请至少点击两个不同的点。</extracomment>
        <translation>路线长度为零：请至少点击两个不同的点。</translation>
    </message>
    <message>
        <source>There is no shape.</source>
        <extracomment>没有图形。</extracomment>
        <translation>没有图形。</translation>
    </message>
    <message>
        <source>The shape is not valid: {0}</source>
        <extracomment>图形无效：{0}</extracomment>
        <translation>图形无效：{0}</translation>
    </message>
</context>
<context>
    <name>RectificationTableModel</name>
    <message>
        <source>Site</source>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Days overdue</source>
        <translation>逾期天数</translation>
    </message>
    <message>
        <source>Responsible unit</source>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>整改措施</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>Ledger import report</source>
        <extracomment>台账导入报告</extracomment>
        <translation>台账导入报告</translation>
    </message>
    <message>
        <source>Save report…</source>
        <extracomment>保存报告…</extracomment>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Overwrite with this file…</source>
        <extracomment>用本文件覆盖…</extracomment>
        <translation>用本文件覆盖…</translation>
    </message>
    <message>
        <source>Convert from {0} and import</source>
        <extracomment>从 {0} 转换后导入</extracomment>
        <translation>从 {0} 转换后导入</translation>
    </message>
    <message>
        <source>Import as they are</source>
        <extracomment>按原样导入</extracomment>
        <translation>按原样导入</translation>
    </message>
    <message>
        <source>Row</source>
        <extracomment>行号</extracomment>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <extracomment>列</extracomment>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <extracomment>问题</extracomment>
        <translation>问题</translation>
    </message>
    <message>
        <source>Candidates (closest names)</source>
        <extracomment>候选（相近的名称）</extracomment>
        <translation>候选（相近的名称）</translation>
    </message>
    <message>
        <source>Create the missing units and sites (a site needs lon/lat, or a township the city has)</source>
        <extracomment>创建缺失的责任单位和风险点（风险点需有经纬度，或所属镇办为本市已有的乡镇、街道）</extracomment>
        <translation>创建缺失的责任单位和风险点（风险点需有经纬度，或所属镇办为本市已有的乡镇、街道）</translation>
    </message>
    <message>
        <source>The layer most matched sites are on</source>
        <extracomment>按已匹配企业最多的图层</extracomment>
        <translation>按已匹配企业最多的图层</translation>
    </message>
    <message>
        <source>Import again</source>
        <extracomment>再次导入</extracomment>
        <translation>再次导入</translation>
    </message>
    <message>
        <source>Layer for new sites:</source>
        <extracomment>新建风险点的图层：</extracomment>
        <translation>新建风险点的图层：</translation>
    </message>
    <message>
        <source>Save the import report</source>
        <extracomment>保存导入报告</extracomment>
        <translation>保存导入报告</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx);;CSV files (*.csv)</source>
        <extracomment>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</extracomment>
        <translation>Excel 文件 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Overwrite with this file</source>
        <extracomment>用本文件覆盖</extracomment>
        <translation>用本文件覆盖</translation>
    </message>
    <message>
        <source>This file was not exported from this database. Overwrite the ledger's records with it anyway?</source>
        <extracomment>本文件不是从当前数据库导出的。仍要用它覆盖台账中的对应记录吗？</extracomment>
        <translation>本文件不是从当前数据库导出的。仍要用它覆盖台账中的对应记录吗？</translation>
    </message>
    <message>
        <source>The changes others made to {0} hazards after the export will be replaced by this file (the workflow is never moved back). Overwrite?</source>
        <extracomment>他人在导出后对 {0} 条隐患的修改将被本文件覆盖（工作流不会退回）。确定覆盖吗？</extracomment>
        <translation>他人在导出后对 {0} 条隐患的修改将被本文件覆盖（工作流不会退回）。确定覆盖吗？</translation>
    </message>
    <message>
        <source>The audit trail records the overwrite.</source>
        <extracomment>覆盖会记入审计日志。</extracomment>
        <translation>覆盖会记入审计日志。</translation>
    </message>
</context>
<context>
    <name>ReportView</name>
    <message>
        <source>Save report…</source>
        <extracomment>保存报告…</extracomment>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Import the {0} good features</source>
        <extracomment>导入其余 {0} 个没有问题的要素</extracomment>
        <translation>导入其余 {0} 个没有问题的要素</translation>
    </message>
    <message>
        <source>Save the import report</source>
        <extracomment>保存导入报告</extracomment>
        <translation>保存导入报告</translation>
    </message>
    <message>
        <source>Excel files (*.xlsx);;CSV files (*.csv);;Text files (*.txt)</source>
        <extracomment>Excel 文件 (*.xlsx);;CSV 文件 (*.csv);;文本文件 (*.txt)</extracomment>
        <translation>Excel 文件 (*.xlsx);;CSV 文件 (*.csv);;文本文件 (*.txt)</translation>
    </message>
</context>
<context>
    <name>ResponsibilityDialog</name>
    <message>
        <source>Unsaved changes discarded</source>
        <extracomment>已放弃未保存的修改</extracomment>
        <translation>已放弃未保存的修改</translation>
    </message>
    <message>
        <source>{n} rows are incomplete (red); fix them before saving</source>
        <extracomment>有 {n} 行填写不完整（红色），改正后才能保存</extracomment>
        <translation>有 {n} 行填写不完整（红色），改正后才能保存</translation>
    </message>
    <message>
        <source>Saved {n} changes</source>
        <extracomment>已保存 {n} 项修改</extracomment>
        <translation>已保存 {n} 项修改</translation>
    </message>
    <message>
        <source>Exported {n} rows to {path}</source>
        <extracomment>已导出 {n} 行到 {path}</extracomment>
        <translation>已导出 {n} 行到 {path}</translation>
    </message>
    <message>
        <source>Save or revert your changes before importing</source>
        <extracomment>请先保存或放弃未保存的修改，再导入</extracomment>
        <translation>请先保存或放弃未保存的修改，再导入</translation>
    </message>
    <message>
        <source>Responsibility lists</source>
        <extracomment>责任清单</extracomment>
        <translation>责任清单</translation>
    </message>
    <message>
        <source>Only an administrator can change the responsibility lists</source>
        <extracomment>只有管理员可以修改责任清单</extracomment>
        <translation>只有管理员可以修改责任清单</translation>
    </message>
    <message>
        <source>Department responsibility list</source>
        <extracomment>部门监管责任清单</extracomment>
        <translation>部门监管责任清单</translation>
    </message>
    <message>
        <source>Enterprise responsibility list</source>
        <extracomment>企业主体责任清单</extracomment>
        <translation>企业主体责任清单</translation>
    </message>
    <message>
        <source>Responsible units</source>
        <extracomment>责任单位</extracomment>
        <translation>责任单位</translation>
    </message>
    <message>
        <source>Search…</source>
        <extracomment>搜索…</extracomment>
        <translation>搜索…</translation>
    </message>
    <message>
        <source>Add row</source>
        <extracomment>添加行</extracomment>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Delete rows</source>
        <extracomment>删除所选行</extracomment>
        <translation>删除所选行</translation>
    </message>
    <message>
        <source>Click again to undo the deletion</source>
        <extracomment>再点一次可撤销删除</extracomment>
        <translation>再点一次可撤销删除</translation>
    </message>
    <message>
        <source>Export…</source>
        <extracomment>导出…</extracomment>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Import XLSX…</source>
        <extracomment>从 XLSX 导入…</extracomment>
        <translation>从 XLSX 导入…</translation>
    </message>
    <message>
        <source>Export both lists…</source>
        <extracomment>导出两份清单…</extracomment>
        <translation>导出两份清单…</translation>
    </message>
    <message>
        <source>Revert</source>
        <extracomment>放弃修改</extracomment>
        <translation>放弃修改</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>保存</extracomment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{n} changes are not saved.</source>
        <extracomment>有 {n} 项修改尚未保存。</extracomment>
        <translation>有 {n} 项修改尚未保存。</translation>
    </message>
    <message>
        <source>Not saved: {reason}. Your changes are kept; Revert discards them and reloads.</source>
        <extracomment>未保存：{reason}。您的修改仍保留；“放弃修改”会丢弃它们并重新读取。</extracomment>
        <translation>未保存：{reason}。您的修改仍保留；“放弃修改”会丢弃它们并重新读取。</translation>
    </message>
    <message>
        <source>{n} unsaved changes, {bad} rows with errors</source>
        <extracomment>{n} 项修改未保存，其中 {bad} 行有错误</extracomment>
        <translation>{n} 项修改未保存，其中 {bad} 行有错误</translation>
    </message>
    <message>
        <source>{n} unsaved changes</source>
        <extracomment>{n} 项修改未保存</extracomment>
        <translation>{n} 项修改未保存</translation>
    </message>
    <message>
        <source>{shown} / {total} rows</source>
        <extracomment>{shown} / {total} 行</extracomment>
        <translation>{shown} / {total} 行</translation>
    </message>
    <message>
        <source>Export</source>
        <extracomment>导出</extracomment>
        <translation>导出</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
        <extracomment>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</extracomment>
        <translation>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export both lists</source>
        <extracomment>导出两份清单</extracomment>
        <translation>导出两份清单</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <extracomment>Excel 工作簿 (*.xlsx)</extracomment>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Import responsibility lists</source>
        <extracomment>导入责任清单</extracomment>
        <translation>导入责任清单</translation>
    </message>
    <message>
        <source>Add the rows to the lists, or replace the lists the file holds?</source>
        <extracomment>追加到现有清单，还是替换文件中所含清单的全部条目？</extracomment>
        <translation>追加到现有清单，还是替换文件中所含清单的全部条目？</translation>
    </message>
    <message>
        <source>Add</source>
        <extracomment>追加</extracomment>
        <translation>追加</translation>
    </message>
    <message>
        <source>Replace</source>
        <extracomment>替换</extracomment>
        <translation>替换</translation>
    </message>
</context>
<context>
    <name>ReviewNoteDialog</name>
    <message>
        <source>Verify and close</source>
        <extracomment>验收销号</extracomment>
        <translation>验收销号</translation>
    </message>
    <message>
        <source>Verify and close {0}: is the rectification done and accepted? A closed rectification cannot change. Acceptance note (required):</source>
        <extracomment>验收销号“{0}”：确认整改已完成并通过验收？销号后不能再修改。请填写验收意见（必填）：</extracomment>
        <translation>验收销号“{0}”：确认整改已完成并通过验收？销号后不能再修改。请填写验收意见（必填）：</translation>
    </message>
    <message>
        <source>Confirm: verify and close</source>
        <extracomment>确认验收销号</extracomment>
        <translation>确认验收销号</translation>
    </message>
    <message>
        <source>Send back for rectification</source>
        <extracomment>退回整改</extracomment>
        <translation>退回整改</translation>
    </message>
    <message>
        <source>Send back {0}. Review note (required):</source>
        <extracomment>退回“{0}”的整改。请填写验收意见（必填）：</extracomment>
        <translation>退回“{0}”的整改。请填写验收意见（必填）：</translation>
    </message>
    <message>
        <source>Send back</source>
        <extracomment>退回整改</extracomment>
        <translation>退回整改</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <source>Cancel</source>
        <extracomment>取消</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Checking the values…</source>
        <extracomment>检查属性值…</extracomment>
        <translation>检查属性值…</translation>
    </message>
    <message>
        <source>Checking the geometries…</source>
        <extracomment>检查几何…</extracomment>
        <translation>检查几何…</translation>
    </message>
    <message>
        <source>Finding each feature's township…</source>
        <extracomment>关联镇办…</extracomment>
        <translation>关联镇办…</translation>
    </message>
    <message>
        <source>Writing…</source>
        <extracomment>写入…</extracomment>
        <translation>写入…</translation>
    </message>
    <message>
        <source>Rebuilding the indexes…</source>
        <extracomment>重建索引…</extracomment>
        <translation>重建索引…</translation>
    </message>
    <message>
        <source>Committing…</source>
        <extracomment>提交…</extracomment>
        <translation>提交…</translation>
    </message>
    <message>
        <source>Done</source>
        <extracomment>完成</extracomment>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <extracomment>正在取消…</extracomment>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>SettingsBar</name>
    <message>
        <source>Automatic (the nearest holiday)</source>
        <extracomment>自动（最近的节日）</extracomment>
        <translation>自动（最近的节日）</translation>
    </message>
    <message>
        <source> s</source>
        <extracomment>秒</extracomment>
        <translation>秒</translation>
    </message>
    <message>
        <source>Preset</source>
        <extracomment>专题</extracomment>
        <translation>专题</translation>
    </message>
    <message>
        <source>Each step</source>
        <extracomment>每页停留</extracomment>
        <translation>每页停留</translation>
    </message>
    <message>
        <source>Refresh within</source>
        <extracomment>数据刷新不超过</extracomment>
        <translation>数据刷新不超过</translation>
    </message>
    <message>
        <source>Text size</source>
        <extracomment>字号</extracomment>
        <translation>字号</translation>
    </message>
    <message>
        <source>F11 full screen · → next · ← previous · Space pause · F5 refresh · Ctrl+Q quit</source>
        <extracomment>F11 全屏 · → 下一页 · ← 上一页 · 空格 暂停 · F5 刷新 · Ctrl+Q 退出</extracomment>
        <translation>F11 全屏 · → 下一页 · ← 上一页 · 空格 暂停 · F5 刷新 · Ctrl+Q 退出</translation>
    </message>
</context>
<context>
    <name>SiteDetailPanel</name>
    <message>
        <source>No site selected. Click a site on the map.</source>
        <translation>未选择风险点。请在地图上点击一个风险点。</translation>
    </message>
    <message>
        <source>{0} · No. {1}</source>
        <translation>{0} · 编号 {1}</translation>
    </message>
    <message>
        <source>Lon {0}, Lat {1} (CGCS2000)</source>
        <translation>经度 {0}，纬度 {1}（CGCS2000）</translation>
    </message>
    <message>
        <source>Accountability</source>
        <translation>责任链</translation>
    </message>
    <message>
        <source>Attributes</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Hazards ({0}, {1} open)</source>
        <translation>隐患（共 {0} 条，未销号 {1} 条）</translation>
    </message>
    <message>
        <source>New hazard…</source>
        <extracomment>新建隐患…</extracomment>
        <translation>新建隐患…</translation>
    </message>
    <message>
        <source>Select a site on the map first.</source>
        <extracomment>请先在地图上选择风险点。</extracomment>
        <translation>请先在地图上选择风险点。</translation>
    </message>
    <message>
        <source>Record a new hazard at {0}</source>
        <extracomment>在“{0}”登记一项新隐患</extracomment>
        <translation>在“{0}”登记一项新隐患</translation>
    </message>
    <message>
        <source>{0} · as of {1}</source>
        <extracomment>{0} · 截至 {1}</extracomment>
        <translation>{0} · 截至 {1}</translation>
    </message>
    <message>
        <source>No hazards recorded.</source>
        <translation>无隐患记录。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>SourcePanel</name>
    <message>
        <source>Browse…</source>
        <extracomment>浏览…</extracomment>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File</source>
        <extracomment>文件</extracomment>
        <translation>文件</translation>
    </message>
    <message>
        <source>Layer or sheet</source>
        <extracomment>图层/工作表</extracomment>
        <translation>图层/工作表</translation>
    </message>
    <message>
        <source>Format</source>
        <extracomment>格式</extracomment>
        <translation>格式</translation>
    </message>
    <message>
        <source>Features</source>
        <extracomment>要素数</extracomment>
        <translation>要素数</translation>
    </message>
    <message>
        <source>Coordinate system</source>
        <extracomment>坐标系</extracomment>
        <translation>坐标系</translation>
    </message>
    <message>
        <source>Datum</source>
        <extracomment>坐标基准</extracomment>
        <translation>坐标基准</translation>
    </message>
    <message>
        <source>Text encoding</source>
        <extracomment>文字编码</extracomment>
        <translation>文字编码</translation>
    </message>
    <message>
        <source>Notes</source>
        <extracomment>说明</extracomment>
        <translation>说明</translation>
    </message>
    <message>
        <source>Only longitude/latitude can be offset (GCJ-02: Amap, Tencent; BD-09: Baidu)</source>
        <extracomment>经纬度坐标才有偏移（高德、腾讯为 GCJ-02，百度为 BD-09）</extracomment>
        <translation>经纬度坐标才有偏移（高德、腾讯为 GCJ-02，百度为 BD-09）</translation>
    </message>
    <message>
        <source>The EPSG code of the file's coordinates, e.g. EPSG:4490 (CGCS2000 degrees)</source>
        <extracomment>文件所用坐标系的 EPSG 代码，如 EPSG:4490（CGCS2000 经纬度）</extracomment>
        <translation>文件所用坐标系的 EPSG 代码，如 EPSG:4490（CGCS2000 经纬度）</translation>
    </message>
    <message>
        <source>Choose the file to import</source>
        <extracomment>选择要导入的文件</extracomment>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>All files</source>
        <extracomment>所有文件</extracomment>
        <translation>所有文件</translation>
    </message>
    <message>
        <source>Data files</source>
        <extracomment>数据文件</extracomment>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Reading was cancelled.</source>
        <extracomment>已取消读取。</extracomment>
        <translation>已取消读取。</translation>
    </message>
    <message>
        <source>Reading {0}…</source>
        <extracomment>正在读取 {0}…</extracomment>
        <translation>正在读取 {0}…</translation>
    </message>
    <message>
        <source>Choose a file, or drop one on the window.</source>
        <extracomment>请选择文件，或把文件拖到窗口上。</extracomment>
        <translation>请选择文件，或把文件拖到窗口上。</translation>
    </message>
    <message>
        <source>Type an EPSG code such as EPSG:4490.</source>
        <extracomment>请输入 EPSG 代码，如 EPSG:4490。</extracomment>
        <translation>请输入 EPSG 代码，如 EPSG:4490。</translation>
    </message>
    <message>
        <source>Unknown coordinate system {0}.</source>
        <extracomment>未知的坐标系 {0}。</extracomment>
        <translation>未知的坐标系 {0}。</translation>
    </message>
    <message>
        <source>The file names no coordinate system: type its EPSG code.</source>
        <extracomment>文件没有说明坐标系：请输入其 EPSG 代码。</extracomment>
        <translation>文件没有说明坐标系：请输入其 EPSG 代码。</translation>
    </message>
    <message>
        <source>reading…</source>
        <extracomment>读取中…</extracomment>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <extracomment>{0} 个（{1}）</extracomment>
        <translation>{0} 个（{1}）</translation>
    </message>
    <message>
        <source>unknown</source>
        <extracomment>未知</extracomment>
        <translation>未知</translation>
    </message>
    <message>
        <source>from the file</source>
        <extracomment>文件所写</extracomment>
        <translation>文件所写</translation>
    </message>
    <message>
        <source>as given</source>
        <extracomment>手动指定</extracomment>
        <translation>手动指定</translation>
    </message>
    <message>
        <source>assumed</source>
        <extracomment>推定</extracomment>
        <translation>推定</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Reading the layer catalog…</source>
        <translation>正在读取图层目录…</translation>
    </message>
    <message>
        <source>Loading sites…</source>
        <translation>正在加载风险点…</translation>
    </message>
    <message>
        <source>Building the spatial index…</source>
        <translation>正在建立空间索引…</translation>
    </message>
    <message>
        <source>Loading districts…</source>
        <translation>正在加载行政区…</translation>
    </message>
    <message>
        <source>Opening the map…</source>
        <translation>正在打开地图…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>general</source>
        <extracomment>一般隐患</extracomment>
        <translation>一般隐患</translation>
    </message>
    <message>
        <source>major</source>
        <extracomment>重大隐患</extracomment>
        <translation>重大隐患</translation>
    </message>
    <message>
        <source>open</source>
        <extracomment>待整改</extracomment>
        <translation>待整改</translation>
    </message>
    <message>
        <source>in progress</source>
        <extracomment>整改中</extracomment>
        <translation>整改中</translation>
    </message>
    <message>
        <source>submitted</source>
        <extracomment>待验收</extracomment>
        <translation>待验收</translation>
    </message>
    <message>
        <source>verified</source>
        <extracomment>已销号</extracomment>
        <translation>已销号</translation>
    </message>
    <message>
        <source>competent department</source>
        <extracomment>主管</extracomment>
        <translation>主管</translation>
    </message>
    <message>
        <source>supervisor</source>
        <extracomment>监管</extracomment>
        <translation>监管</translation>
    </message>
    <message>
        <source>territorial</source>
        <extracomment>属地</extracomment>
        <translation>属地</translation>
    </message>
    <message>
        <source>enterprise</source>
        <extracomment>主体</extracomment>
        <translation>主体</translation>
    </message>
    <message>
        <source>approver</source>
        <extracomment>审批</extracomment>
        <translation>审批</translation>
    </message>
    <message>
        <source>department</source>
        <extracomment>行业部门</extracomment>
        <translation>行业部门</translation>
    </message>
    <message>
        <source>local government</source>
        <extracomment>属地政府</extracomment>
        <translation>属地政府</translation>
    </message>
    <message>
        <source>company</source>
        <extracomment>企业</extracomment>
        <translation>企业</translation>
    </message>
    <message>
        <source>river</source>
        <translation>河流</translation>
    </message>
    <message>
        <source>tributary</source>
        <translation>支流</translation>
    </message>
    <message>
        <source>reservoir</source>
        <translation>水库</translation>
    </message>
    <message>
        <source>lake</source>
        <translation>湖泊</translation>
    </message>
    <message>
        <source>canal</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>expressway</source>
        <translation>高速公路</translation>
    </message>
    <message>
        <source>national road</source>
        <translation>国道</translation>
    </message>
    <message>
        <source>provincial road</source>
        <translation>省道</translation>
    </message>
    <message>
        <source>county road</source>
        <translation>县道</translation>
    </message>
    <message>
        <source>township road</source>
        <translation>乡道</translation>
    </message>
    <message>
        <source>gas station</source>
        <translation>加气站</translation>
    </message>
    <message>
        <source>LPG station</source>
        <translation>液化气站</translation>
    </message>
    <message>
        <source>pressure-regulating station</source>
        <translation>调压站</translation>
    </message>
    <message>
        <source>pipeline</source>
        <translation>管道</translation>
    </message>
    <message>
        <source>landslide</source>
        <translation>滑坡</translation>
    </message>
    <message>
        <source>debris flow</source>
        <translation>泥石流</translation>
    </message>
    <message>
        <source>rockfall</source>
        <translation>崩塌</translation>
    </message>
    <message>
        <source>ground subsidence</source>
        <translation>地面塌陷</translation>
    </message>
    <message>
        <source>small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>large</source>
        <translation>大型</translation>
    </message>
    <message>
        <source>very large</source>
        <translation>特大型</translation>
    </message>
    <message>
        <source>coal mine</source>
        <translation>煤矿</translation>
    </message>
    <message>
        <source>metal mine</source>
        <translation>金属矿山</translation>
    </message>
    <message>
        <source>non-metal mine</source>
        <translation>非金属矿山</translation>
    </message>
    <message>
        <source>tailings pond</source>
        <translation>尾矿库</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>shopping mall</source>
        <translation>商场</translation>
    </message>
    <message>
        <source>station</source>
        <translation>车站</translation>
    </message>
    <message>
        <source>scenic spot</source>
        <translation>景区</translation>
    </message>
    <message>
        <source>cemetery</source>
        <translation>公墓</translation>
    </message>
    <message>
        <source>stadium</source>
        <translation>体育场馆</translation>
    </message>
    <message>
        <source>market</source>
        <translation>集贸市场</translation>
    </message>
    <message>
        <source>isolation point</source>
        <translation>集中隔离点</translation>
    </message>
    <message>
        <source>designated hospital</source>
        <translation>定点医院</translation>
    </message>
    <message>
        <source>vaccination point</source>
        <translation>疫苗接种点</translation>
    </message>
    <message>
        <source>in use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>standby</source>
        <translation>备用</translation>
    </message>
    <message>
        <source>rescue team</source>
        <translation>救援队伍</translation>
    </message>
    <message>
        <source>fire station</source>
        <translation>消防站</translation>
    </message>
    <message>
        <source>material depot</source>
        <translation>物资储备库</translation>
    </message>
    <message>
        <source>shelter</source>
        <translation>应急避难场所</translation>
    </message>
    <message>
        <source>medical</source>
        <translation>医疗救护</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>仅未销号</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅逾期</translation>
    </message>
    <message>
        <source>Major only</source>
        <translation>仅重大隐患</translation>
    </message>
</context>
<context>
    <name>UnitListModel</name>
    <message>
        <source>Name</source>
        <extracomment>单位名称</extracomment>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <extracomment>单位类别</extracomment>
        <translation>单位类别</translation>
    </message>
    <message>
        <source>Department code</source>
        <extracomment>部门代码</extracomment>
        <translation>部门代码</translation>
    </message>
    <message>
        <source>District</source>
        <extracomment>所属行政区</extracomment>
        <translation>所属行政区</translation>
    </message>
    <message>
        <source>Contact person</source>
        <extracomment>联系人</extracomment>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <extracomment>联系电话</extracomment>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <extracomment>统一社会信用代码</extracomment>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>No name</source>
        <extracomment>未填单位名称</extracomment>
        <translation>未填单位名称</translation>
    </message>
    <message>
        <source>Unknown kind</source>
        <extracomment>未知的单位类别</extracomment>
        <translation>未知的单位类别</translation>
    </message>
</context>
<context>
    <name>UnitPickerDialog</name>
    <message>
        <source>Choose the responsible unit</source>
        <extracomment>选择责任单位</extracomment>
        <translation>选择责任单位</translation>
    </message>
    <message>
        <source>Search unit names…</source>
        <extracomment>搜索单位名称…</extracomment>
        <translation>搜索单位名称…</translation>
    </message>
    <message>
        <source>{0} ({1} open)</source>
        <extracomment>{0}（未销号 {1} 项）</extracomment>
        <translation>{0}（未销号 {1} 项）</translation>
    </message>
</context>
<context>
    <name>UnitTableModel</name>
    <message>
        <source>Role</source>
        <translation>责任类型</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>性质</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>风险点</translation>
    </message>
    <message>
        <source>Open hazards</source>
        <translation>未销号隐患</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
</context>
<context>
    <name>UserTableModel</name>
    <message>
        <source>User name</source>
        <extracomment>用户名</extracomment>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <extracomment>姓名</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>角色</extracomment>
        <translation>角色</translation>
    </message>
    <message>
        <source>Unit</source>
        <extracomment>所属单位</extracomment>
        <translation>所属单位</translation>
    </message>
    <message>
        <source>Status</source>
        <extracomment>状态</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>active</source>
        <extracomment>启用</extracomment>
        <translation>启用</translation>
    </message>
    <message>
        <source>deactivated</source>
        <extracomment>停用</extracomment>
        <translation>停用</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>the new user's password (required)</source>
        <extracomment>新用户的密码（必填）</extracomment>
        <translation>新用户的密码（必填）</translation>
    </message>
    <message>
        <source>Enter a user name</source>
        <extracomment>请填写用户名</extracomment>
        <translation>请填写用户名</translation>
    </message>
    <message>
        <source>User {name} already exists</source>
        <extracomment>用户 {name} 已存在</extracomment>
        <translation>用户 {name} 已存在</translation>
    </message>
    <message>
        <source>You cannot deactivate yourself</source>
        <extracomment>不能停用自己的账号</extracomment>
        <translation>不能停用自己的账号</translation>
    </message>
    <message>
        <source>Set the new user's password</source>
        <extracomment>请为新用户设置密码</extracomment>
        <translation>请为新用户设置密码</translation>
    </message>
    <message>
        <source>Saved user {name}</source>
        <extracomment>已保存用户 {name}</extracomment>
        <translation>已保存用户 {name}</translation>
    </message>
    <message>
        <source>Users</source>
        <extracomment>用户管理</extracomment>
        <translation>用户管理</translation>
    </message>
    <message>
        <source>Only an administrator can manage users</source>
        <extracomment>只有管理员可以管理用户</extracomment>
        <translation>只有管理员可以管理用户</translation>
    </message>
    <message>
        <source>User name</source>
        <extracomment>用户名</extracomment>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <extracomment>姓名</extracomment>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <extracomment>角色</extracomment>
        <translation>角色</translation>
    </message>
    <message>
        <source>Unit</source>
        <extracomment>所属单位</extracomment>
        <translation>所属单位</translation>
    </message>
    <message>
        <source>Active</source>
        <extracomment>启用</extracomment>
        <translation>启用</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>密码</extracomment>
        <translation>密码</translation>
    </message>
    <message>
        <source>New user</source>
        <extracomment>新建用户</extracomment>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Save</source>
        <extracomment>保存</extracomment>
        <translation>保存</translation>
    </message>
    <message>
        <source>Close</source>
        <extracomment>关闭</extracomment>
        <translation>关闭</translation>
    </message>
    <message>
        <source>empty: unchanged; typed: reset it</source>
        <extracomment>留空则不修改；填写则重置其密码</extracomment>
        <translation>留空则不修改；填写则重置其密码</translation>
    </message>
</context>
<context>
    <name>WallActions</name>
    <message>
        <source>Wall display</source>
        <extracomment>指挥中心大屏</extracomment>
        <translation>指挥中心大屏</translation>
    </message>
    <message>
        <source>The read-only command-center display, full screen</source>
        <extracomment>在另一块屏幕上全屏显示只读的指挥中心大屏</extracomment>
        <translation>在另一块屏幕上全屏显示只读的指挥中心大屏</translation>
    </message>
</context>
<context>
    <name>WallMap</name>
    <message>
        <source>Open hazards: {0} (major {1}, overdue {2})</source>
        <extracomment>未销号隐患 {0} 项（重大 {1}，逾期 {2}）</extracomment>
        <translation>未销号隐患 {0} 项（重大 {1}，逾期 {2}）</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>{0} — wall display</source>
        <extracomment>{0} — 指挥中心大屏</extracomment>
        <translation>{0} — 指挥中心大屏</translation>
    </message>
    <message>
        <source>{0} work-safety risk</source>
        <extracomment>{0}安全生产风险态势</extracomment>
        <translation>{0}安全生产风险态势</translation>
    </message>
    <message>
        <source>Demo data (fictional city)</source>
        <extracomment>演示数据（虚构城市）</extracomment>
        <translation>演示数据（虚构城市）</translation>
    </message>
    <message>
        <source>Open hazards</source>
        <extracomment>未销号隐患</extracomment>
        <translation>未销号隐患</translation>
    </message>
    <message>
        <source>Major hazards</source>
        <extracomment>重大隐患</extracomment>
        <translation>重大隐患</translation>
    </message>
    <message>
        <source>Overdue rectifications</source>
        <extracomment>逾期整改</extracomment>
        <translation>逾期整改</translation>
    </message>
    <message>
        <source>Closed this week</source>
        <extracomment>本周销号</extracomment>
        <translation>本周销号</translation>
    </message>
    <message>
        <source>Full screen</source>
        <extracomment>全屏</extracomment>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <extracomment>退出全屏</extracomment>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>Next</source>
        <extracomment>下一页</extracomment>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Previous</source>
        <extracomment>上一页</extracomment>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Pause</source>
        <extracomment>暂停轮播</extracomment>
        <translation>暂停轮播</translation>
    </message>
    <message>
        <source>Refresh now</source>
        <extracomment>立即刷新</extracomment>
        <translation>立即刷新</translation>
    </message>
    <message>
        <source>Settings</source>
        <extracomment>设置</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>Close the wall display</source>
        <extracomment>关闭大屏</extracomment>
        <translation>关闭大屏</translation>
    </message>
    <message>
        <source>Whole city</source>
        <extracomment>全市</extracomment>
        <translation>全市</translation>
    </message>
    <message>
        <source>as of {0}</source>
        <extracomment>截至 {0}</extracomment>
        <translation>截至 {0}</translation>
    </message>
    <message>
        <source>Overdue major hazards ({0})</source>
        <extracomment>逾期重大隐患（{0}）</extracomment>
        <translation>逾期重大隐患（{0}）</translation>
    </message>
    <message>
        <source>{0} · {1} · {2} days overdue · {3}</source>
        <extracomment>{0} · {1} · 逾期 {2} 天 · {3}</extracomment>
        <translation>{0} · {1} · 逾期 {2} 天 · {3}</translation>
    </message>
    <message>
        <source>and {0} more</source>
        <extracomment>另有 {0} 项</extracomment>
        <translation>另有 {0} 项</translation>
    </message>
    <message>
        <source>No overdue major hazard</source>
        <extracomment>无逾期重大隐患</extracomment>
        <translation>无逾期重大隐患</translation>
    </message>
    <message>
        <source>County</source>
        <extracomment>县区</extracomment>
        <translation>县区</translation>
    </message>
    <message>
        <source>Township</source>
        <extracomment>镇办</extracomment>
        <translation>镇办</translation>
    </message>
    <message>
        <source>Open</source>
        <extracomment>未销号</extracomment>
        <translation>未销号</translation>
    </message>
    <message>
        <source>Major</source>
        <extracomment>重大</extracomment>
        <translation>重大</translation>
    </message>
    <message>
        <source>Overdue</source>
        <extracomment>逾期</extracomment>
        <translation>逾期</translation>
    </message>
    <message>
        <source>Closed</source>
        <extracomment>本周销号</extracomment>
        <translation>本周销号</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <extracomment>未归属</extracomment>
        <translation>未归属</translation>
    </message>
    <message>
        <source>Not updated: {0}</source>
        <extracomment>数据未更新：{0}</extracomment>
        <translation>数据未更新：{0}</translation>
    </message>
    <message>
        <source>Updated {0}</source>
        <extracomment>更新于 {0}</extracomment>
        <translation>更新于 {0}</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>About riskmap</source>
        <translation>关于风险地图</translation>
    </message>
    <message>
        <source>riskmap {0}
A work-safety risk map for command centers.
Database: {1}</source>
        <translation>风险地图 {0}
面向安全生产指挥中心的风险地图。
数据库：{1}</translation>
    </message>
    <message>
        <source>riskmap</source>
        <translation>风险地图</translation>
    </message>
    <message>
        <source> (fictional demo city)</source>
        <translation>（虚构示例城市）</translation>
    </message>
    <message>
        <source>riskmap — {0}{1}</source>
        <translation>风险地图 — {0}{1}</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>矩形</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>多边形</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>套索</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>District</source>
        <translation>行政区</translation>
    </message>
    <message>
        <source>Select sites</source>
        <translation>选择风险点</translation>
    </message>
    <message>
        <source>Buffer…</source>
        <translation>缓冲区…</translation>
    </message>
    <message>
        <source>Pick district…</source>
        <translation>选择行政区…</translation>
    </message>
    <message>
        <source>Clear selection</source>
        <translation>清除选区</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <extracomment>重置布局</extracomment>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>Basemap…</source>
        <extracomment>底图…</extracomment>
        <translation>底图…</translation>
    </message>
    <message>
        <source>Export current list as CSV…</source>
        <translation>导出当前列表为 CSV…</translation>
    </message>
    <message>
        <source>Export dossier as XLSX…</source>
        <translation>导出档案为 XLSX…</translation>
    </message>
    <message>
        <source>Document settings…</source>
        <extracomment>文书设置…</extracomment>
        <translation>文书设置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Select</source>
        <translation>选择(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Selection tools</source>
        <translation>选择工具</translation>
    </message>
    <message>
        <source>Analysis</source>
        <extracomment>分析</extracomment>
        <translation>分析</translation>
    </message>
    <message>
        <source>Drawing</source>
        <extracomment>绘制</extracomment>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Dossier</source>
        <translation>区域档案</translation>
    </message>
    <message>
        <source>Site detail</source>
        <translation>风险点详情</translation>
    </message>
    <message>
        <source> Level </source>
        <translation> 等级 </translation>
    </message>
    <message>
        <source> Status </source>
        <translation> 状态 </translation>
    </message>
    <message>
        <source> As of </source>
        <translation> 截至 </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>all levels</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>general</source>
        <translation>一般隐患</translation>
    </message>
    <message>
        <source>major</source>
        <translation>重大隐患</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未销号</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已销号</translation>
    </message>
</context>
<context>
    <name>_DossierChart</name>
    <message>
        <source>Open hazards by layer</source>
        <translation>按图层统计未销号隐患</translation>
    </message>
    <message>
        <source>Open hazards by county</source>
        <translation>按县区统计未销号隐患</translation>
    </message>
    <message>
        <source>Open hazards</source>
        <extracomment>未销号隐患（项）</extracomment>
        <translation>未销号隐患（项）</translation>
    </message>
    <message>
        <source>No open hazards in this region</source>
        <translation>该区域无未销号隐患</translation>
    </message>
    <message>
        <source>General, open</source>
        <translation>一般（未销号）</translation>
    </message>
    <message>
        <source>Major, open</source>
        <translation>重大（未销号）</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期</translation>
    </message>
</context>
</TS>
