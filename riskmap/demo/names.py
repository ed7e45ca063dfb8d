"""Chinese names for the demo city: places (with pinyin, so English names need no library),
people, organisations, and stems for companies and venues.

Everything here is fictional; the pools are plain tuples so the generator draws from them by
index with its seeded random generator (never from a set, whose order is not stable).
"""

from __future__ import annotations

import numpy as np

CITY_ZH = "青岚市"
CITY_EN = "Qinglan"
CITY_CODE = "628800"
PROVINCE_ZH = "甘肃省"
AREA_CODE = "0940"  # the city's telephone area code (fictional)

# (code, name, pinyin, kind, angle of its seat from the city seat in degrees, distance km)
# kind: "qu" is the district holding the city seat, "xian" a county.
COUNTIES: tuple[tuple[str, str, str, str, float, float], ...] = (
    ("628802", "岚城区", "Lancheng", "qu", 0.0, 0.0),
    ("628821", "东川县", "Dongchuan", "xian", 8.0, 44.0),
    ("628822", "北塬县", "Beiyuan", "xian", 68.0, 43.0),
    ("628823", "云台县", "Yuntai", "xian", 128.0, 45.0),
    ("628824", "河西县", "Hexi", "xian", 186.0, 44.0),
    ("628825", "南岭县", "Nanling", "xian", 245.0, 43.0),
    ("628826", "石门县", "Shimen", "xian", 305.0, 45.0),
)

# Township-name stems: first and second syllables with their pinyin.
STEM_FIRST: tuple[tuple[str, str], ...] = (
    ("柳", "liu"),
    ("杨", "yang"),
    ("石", "shi"),
    ("马", "ma"),
    ("龙", "long"),
    ("金", "jin"),
    ("红", "hong"),
    ("新", "xin"),
    ("黄", "huang"),
    ("白", "bai"),
    ("黑", "hei"),
    ("高", "gao"),
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("赵", "zhao"),
    ("大", "da"),
    ("小", "xiao"),
    ("上", "shang"),
    ("下", "xia"),
    ("安", "an"),
    ("宁", "ning"),
    ("永", "yong"),
    ("平", "ping"),
    ("太", "tai"),
    ("云", "yun"),
    ("双", "shuang"),
    ("三", "san"),
    ("五", "wu"),
    ("桃", "tao"),
    ("杏", "xing"),
    ("榆", "yu"),
    ("槐", "huai"),
    ("松", "song"),
    ("柏", "bai"),
    ("鸳", "yuan"),
    ("峡", "xia"),
    ("盘", "pan"),
    ("碧", "bi"),
    ("清", "qing"),
    ("乐", "le"),
    ("兴", "xing"),
    ("庙", "miao"),
    ("古", "gu"),
    ("牛", "niu"),
    ("秦", "qin"),
    ("鲁", "lu"),
    ("韩", "han"),
    ("魏", "wei"),
    ("苟", "gou"),
    ("何", "he"),
    ("罗", "luo"),
    ("芦", "lu"),
    ("麻", "ma"),
    ("关", "guan"),
    ("甘", "gan"),
    ("临", "lin"),
    ("长", "chang"),
    ("定", "ding"),
    ("鹿", "lu"),
)
STEM_SECOND: tuple[tuple[str, str], ...] = (
    ("河", "he"),
    ("川", "chuan"),
    ("沟", "gou"),
    ("坪", "ping"),
    ("塬", "yuan"),
    ("岭", "ling"),
    ("湾", "wan"),
    ("堡", "pu"),
    ("营", "ying"),
    ("寨", "zhai"),
    ("集", "ji"),
    ("庄", "zhuang"),
    ("店", "dian"),
    ("铺", "pu"),
    ("峪", "yu"),
    ("口", "kou"),
    ("台", "tai"),
    ("滩", "tan"),
    ("坝", "ba"),
    ("岔", "cha"),
    ("梁", "liang"),
    ("源", "yuan"),
    ("水", "shui"),
    ("原", "yuan"),
    ("泉", "quan"),
    ("林", "lin"),
    ("山", "shan"),
    ("城", "cheng"),
    ("阳", "yang"),
    ("门", "men"),
)
STREET_STEMS: tuple[tuple[str, str], ...] = (
    ("东关", "Dongguan"),
    ("西关", "Xiguan"),
    ("南关", "Nanguan"),
    ("北关", "Beiguan"),
    ("大街", "Dajie"),
    ("中山", "Zhongshan"),
    ("滨河", "Binhe"),
    ("新华", "Xinhua"),
    ("桥南", "Qiaonan"),
    ("七里墩", "Qilidun"),
)
VILLAGE_FIRST: tuple[str, ...] = tuple(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗梁宋郑谢韩唐冯董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易"
    "常武乔贺赖龚文牛苟景闫"
)
VILLAGE_SECOND: tuple[str, ...] = (
    "家村",
    "家沟",
    "家湾",
    "家庄",
    "家河",
    "家坪",
    "家岔",
    "家堡",
    "家峡",
    "家山",
    "家塬",
    "家集",
    "店村",
    "寨村",
    "坪村",
    "营村",
)
SURNAMES: tuple[str, ...] = tuple(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗梁宋郑谢韩唐冯董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
    "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤"
    "牛苟景闫"
)
GIVEN: tuple[str, ...] = tuple(
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌辉志鹏飞宇浩凯俊峰"
    "海波宁玲燕晓春梅琴云德亮成林立新永胜利忠武彦虎宏兴福贵生荣"
)

MAIN_RIVER = ("岚河", "Lan River")
# In the order of their sources: SW, S, SE, far NW, NW, NE.
TRIBUTARIES: tuple[str, ...] = ("龙泉河", "南川河", "石门河", "西沟河", "黑水河", "柳林河")
CANAL = "岚河北干渠"
LAKES: tuple[str, ...] = ("月牙湖", "青龙湖")
RESERVOIR = "石门水库"
FOREST_FARMS: tuple[str, ...] = (
    "南山林场",
    "太白山林场",
    "莲花山林场",
    "青峰林场",
    "西岭林场",
    "大坪林场",
    "北山林场",
    "黑松岭林场",
    "鹿角山林场",
    "关山林场",
)
FOREST_TYPES: tuple[str, ...] = (
    "油松林",
    "华山松林",
    "云杉林",
    "辽东栎林",
    "山杨桦木林",
    "沙棘灌木林",
    "侧柏林",
    "落叶松人工林",
    "刺槐林",
    "草甸草原",
)
MOUNTAIN_NAMES: tuple[str, ...] = (
    "凤凰山",
    "莲花山",
    "太白山",
    "鹿角山",
    "石门峡",
    "黑松岭",
    "关山",
    "玉皇山",
    "朝阳洞",
    "青龙峡",
    "仙人崖",
    "卧牛山",
)
SCENIC_SUFFIX: tuple[str, ...] = (
    "国家森林公园",
    "风景区",
    "景区",
    "森林公园",
    "生态旅游区",
    "地质公园",
)
RIVER_SCENIC: tuple[str, ...] = (
    "岚河湿地公园",
    "滨河风情线",
    "月牙湖公园",
    "岚河古渡景区",
    "岚河水上乐园",
    "柳林河漂流",
)
CHEMICALS: tuple[str, ...] = (
    "液氯",
    "液氨",
    "甲醇",
    "液化石油气",
    "硫酸",
    "盐酸",
    "氢氧化钠",
    "天然气",
    "乙炔",
    "苯",
    "甲苯",
    "丙酮",
    "硝酸铵",
    "过氧化氢",
    "氢气",
    "汽油",
    "柴油",
    "二甲苯",
    "环氧乙烷",
    "氯乙烯",
)
CHEM_STEMS: tuple[str, ...] = (
    "龙泉",
    "岚河",
    "西北",
    "恒达",
    "金岚",
    "宏源",
    "瑞丰",
    "华泰",
    "天元",
    "永昌",
    "鑫盛",
    "祁连",
    "昊华",
    "兴隆",
    "丰源",
    "宝塔",
    "陇原",
    "正大",
    "中天",
    "博达",
    "新源",
    "汇通",
    "长城",
    "东方",
    "德辉",
    "晨光",
    "联创",
    "安泰",
    "三元",
    "远航",
    "银河",
    "凯瑞",
    "华宇",
    "盛达",
    "信诚",
    "光明",
)
CHEM_KINDS: tuple[str, ...] = (
    "化工有限公司",
    "精细化工有限公司",
    "化学工业有限公司",
    "气体有限公司",
    "石化有限公司",
    "新材料科技有限公司",
    "油气储运有限公司",
    "化肥有限责任公司",
)
CONSTRUCTION_PROJECTS: tuple[tuple[str, str], ...] = (
    ("住宅", "住宅小区"),
    ("商业综合体", "商业综合体"),
    ("学校", "教学楼"),
    ("医院", "住院综合楼"),
    ("道路桥梁", "市政道路改造工程"),
    ("厂房", "标准化厂房"),
    ("保障房", "棚户区改造安置房"),
    ("市政管网", "老旧小区管网改造工程"),
    ("水利", "堤防加固工程"),
    ("公共建筑", "文体中心"),
)
ESTATE_STEMS: tuple[str, ...] = (
    "滨河御景",
    "岚山华府",
    "金色家园",
    "阳光花园",
    "翰林府",
    "锦绣城",
    "碧水湾",
    "书香苑",
    "丽景苑",
    "幸福里",
    "新城名邸",
    "紫金城",
    "天合苑",
    "龙泉雅居",
    "香榭园",
)
# The k-th contractor is registered in the k-th county (mod 7): those named after a county
# stand at that county's place.
CONTRACTOR_STEMS: tuple[str, ...] = (
    "岚城第一建筑",
    "东川建筑安装",
    "青岚建工集团",
    "陇原建设",
    "西北路桥",
    "恒基建设",
    "华岳建筑",
    "金城市政",
    "长河水利水电",
    "宏盛建设",
    "天成建筑",
    "中陇建工",
)
MALL_NAMES: tuple[str, ...] = (
    "青岚国贸中心",
    "青岚百货大楼",
    "新天地购物中心",
    "岚城万家乐广场",
    "步行街商业城",
    "东方红商厦",
    "金鼎购物广场",
    "新世纪百货",
    "华联超市",
    "时代广场",
)
GAS_COMPANIES: tuple[str, ...] = (
    "青岚市燃气集团有限公司",
    "青岚中燃城市燃气有限公司",
    "东川县天然气有限责任公司",
    "陇原液化气有限公司",
    "岚河能源有限公司",
    "河西县燃气有限公司",
    "北塬县宏达燃气有限公司",
    "南岭县天然气有限公司",
)
MINE_STEMS: tuple[str, ...] = (
    "石岭",
    "黑山",
    "金山",
    "红崖",
    "马鬃山",
    "老虎沟",
    "青石",
    "白岩",
    "铜厂沟",
    "银洞",
    "大坪",
    "花石崖",
    "窑沟",
    "煤窑坪",
    "铁炉",
    "长岭",
    "双石",
    "阴山",
    "水磨沟",
    "鹰嘴",
)
INSPECTION_THEMES: tuple[str, ...] = (
    "安全生产大检查",
    "节前安全检查",
    "“防风险、除隐患、保安全”专项整治",
    "危化品专项检查",
    "燃气安全专项排查",
    "防汛安全检查",
    "森林防火专项督查",
    "校园安全检查",
    "建筑施工安全检查",
    "人员密集场所消防安全检查",
    "道路交通安全隐患排查",
)


def person(rng: np.random.Generator) -> str:
    """A Chinese personal name: surname plus one or two given characters."""
    s = SURNAMES[int(rng.integers(len(SURNAMES)))]
    n = 2 if rng.random() < 0.7 else 1
    return s + "".join(GIVEN[int(i)] for i in rng.integers(len(GIVEN), size=n))


def mobile(rng: np.random.Generator) -> str:
    prefix = ("138", "139", "137", "151", "152", "158", "177", "180", "189", "133")
    return prefix[int(rng.integers(len(prefix)))] + "".join(
        str(int(d)) for d in rng.integers(10, size=8)
    )


def landline(rng: np.random.Generator) -> str:
    return f"{AREA_CODE}-{int(rng.integers(2, 9))}{int(rng.integers(0, 1_000_000)):06d}"


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code(rng: np.random.Generator, region: str, org: str = "91") -> str:
    """A well-formed 统一社会信用代码 (GB 32100 check character included)."""
    body = org + region[:6] + "".join(_CREDIT_CHARS[int(i)] for i in rng.integers(31, size=9))
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return body + _CREDIT_CHARS[(31 - total % 31) % 31]
