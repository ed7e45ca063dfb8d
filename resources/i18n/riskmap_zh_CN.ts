<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
    <name>MainWindow</name>
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
        <source>Basemap tiles…</source>
        <translation>底图瓦片…</translation>
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
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>About riskmap</source>
        <translation>关于风险地图</translation>
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
    <message>
        <source>No layer is visible: the selection finds nothing.</source>
        <translation>没有可见图层：选区内无结果。</translation>
    </message>
    <message>
        <source>{0} sites, {1} hazards ({2} open, {3} overdue) in the selection</source>
        <translation>选区内风险点 {0} 个，隐患 {1} 条（未销号 {2} 条，逾期 {3} 条）</translation>
    </message>
    <message>
        <source>Select a site or a region first: the buffer goes around its sites.</source>
        <translation>请先选择风险点或区域：缓冲区围绕其中的风险点生成。</translation>
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
        <source>No tiles</source>
        <translation>不使用瓦片</translation>
    </message>
    <message>
        <source>MBTiles file…</source>
        <translation>MBTiles 文件…</translation>
    </message>
    <message>
        <source>XYZ URL…</source>
        <translation>XYZ 地址…</translation>
    </message>
    <message>
        <source>Basemap tiles</source>
        <translation>底图瓦片</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>MBTiles file</source>
        <translation>MBTiles 文件</translation>
    </message>
    <message>
        <source>XYZ URL</source>
        <translation>XYZ 地址</translation>
    </message>
    <message>
        <source>{0} feature(s) here</source>
        <translation>此处有 {0} 个要素</translation>
    </message>
    <message>
        <source>Nothing here</source>
        <translation>此处无要素</translation>
    </message>
    <message>
        <source>riskmap {0}
A work-safety risk map for command centers.
Database: {1}</source>
        <translation>风险地图 {0}
面向安全生产指挥中心的风险地图。
数据库：{1}</translation>
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
    <message>
        <source>overdue {0} days</source>
        <translation>逾期 {0} 天</translation>
    </message>
    <message>
        <source>escalated ×{0}</source>
        <translation>已提级 ×{0}</translation>
    </message>
    <message>
        <source>Measures: {0}</source>
        <translation>整改措施：{0}</translation>
    </message>
    <message>
        <source>found {0}</source>
        <translation>发现 {0}</translation>
    </message>
    <message>
        <source>deadline {0}</source>
        <translation>期限 {0}</translation>
    </message>
    <message>
        <source>Responsible: {0}</source>
        <translation>责任：{0}</translation>
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
