"""Typography of the reports. The official 公文 fonts (方正小标宋, 仿宋_GB2312) are proprietary; the defaults are
Debian's Noto CJK (fonts-noto-cjk), and a site with licensed fonts names them here (settings.QINGFENG)."""

from qingfeng.alerts.parameters import Parameter

TITLE_FONT = Parameter("REPORT_TITLE_FONT", "Noto Serif CJK SC", "font family",
                       "公文标题用小标宋体（GB/T 9704-2012 7.3.1）；开源替代为思源宋体 Noto Serif CJK SC。")
BODY_FONT = Parameter("REPORT_BODY_FONT", "Noto Serif CJK SC", "font family",
                      "公文正文用仿宋体三号字（GB/T 9704-2012 7.3.1）；Debian 无开源仿宋，默认思源宋体，可配置为本地授权字体。")
HEADING_FONT = Parameter("REPORT_HEADING_FONT", "Noto Sans CJK SC", "font family",
                         "一级标题用黑体（GB/T 9704-2012 7.3.3 结构层次序数）；开源替代为思源黑体 Noto Sans CJK SC。")
CHART_FONT_FILE = Parameter("REPORT_CHART_FONT_FILE", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "path",
                            "图表文字所用字体文件（fonts-noto-cjk）；找不到时用 fc-match 查找 Noto Sans CJK SC。")
CHART_FONT_INDEX = Parameter("REPORT_CHART_FONT_INDEX", 2, "face index",
                             "字体集合中的简体中文字形（Noto Sans CJK 的 .ttc 第 2 个字面为 SC）。")
TOP_ROWS = Parameter("REPORT_TOP_ROWS", 10, "row",
                     "月报图表与表格列出的部门、规则上限：一页之内看清重点。")
