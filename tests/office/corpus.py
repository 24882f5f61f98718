"""A small hand-made Chinese corpus for search and similar-suggestion tests."""

from __future__ import annotations

from suggestions import services
from suggestions.models import Category

# key: (title, content, category)
CORPUS = {
    "school_green": (
        "关于在学校周边增设绿地的建议",
        "东城小学周边缺少绿化，建议利用边角地增设绿地和口袋公园，改善学生课余环境。",
        "城建环保",
    ),
    "green_rate": (
        "关于提高老旧小区绿化水平的建议",
        "部分老旧小区绿地率不足百分之十，树木缺乏养护，建议制定绿化提升计划。",
        "城建环保",
    ),
    "preschool": (
        "关于增加学前教育学位供给的建议",
        "新建小区入住人口增长快，幼儿园学位紧张，建议加快学前教育资源布局。",
        "教育文化",
    ),
    "teachers": (
        "关于加强乡村教师队伍建设的建议",
        "乡村学校教师流失严重，建议提高待遇，完善义务教育阶段教师轮岗交流制度。",
        "教育文化",
    ),
    "parking": (
        "关于缓解医院周边停车难的建议",
        "区人民医院周边停车位严重不足，车辆乱停乱放，建议建设立体停车场。",
        "交通出行",
    ),
    "bus": (
        "关于优化公交线路的建议",
        "西湖街道居民出行不便，建议新开公交线路，延长末班车时间。",
        "交通出行",
    ),
    "elevator": (
        "关于老旧小区加装电梯的建议",
        "老旧小区老年人上下楼困难，建议简化加装电梯审批流程并给予补贴。",
        "民生保障",
    ),
    "canteen": (
        "关于发展社区老年食堂的建议",
        "社区老年人就餐不便，建议推广社区老年食堂，兼顾营养和价格。",
        "民生保障",
    ),
    "river": (
        "关于加强河道水环境治理的建议",
        "南山河段水质变差，沿岸有垃圾堆放，建议开展清淤和截污工程，建设滨河绿道。",
        "城建环保",
    ),
    "library": (
        "关于延长公共图书馆开放时间的建议",
        "上班族工作日难以去图书馆，建议延长夜间开放时间，开展阅读推广活动。",
        "教育文化",
    ),
}


def build(world, keys=None) -> dict:
    """Register the corpus (staff, on paper, for 张伟) and return {key: suggestion}."""
    categories = {}
    made = {}
    for key, (title, content, category) in CORPUS.items():
        if keys is not None and key not in keys:
            continue
        if category not in categories:
            categories[category] = Category.objects.get_or_create(name=category)[0]
        made[key] = services.suggestion_create(
            user=world.staff,
            session=world.session,
            title=title,
            content=content,
            category=categories[category],
            lead_deputy=world.zhang.deputy,
        )
    return made
