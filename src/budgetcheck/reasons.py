"""The one-line reasons of exit 2 (unreadable inputs, outputs that cannot be written, evidence
checks) in the reviewer's language.

Reasons are raised in English (stable, greppable, what the JSON's ``reason_en`` keeps); ``localize``
renders a whole line ("path (place): reason") in Chinese by matching the reason at the end of the
line against the table below. tests/test_reasons.py checks that every reason raised anywhere in
the package has a Chinese form here, so a new reason cannot slip out untranslated.
"""

from __future__ import annotations

import re

# (English reason, anchored at the end of a line; Chinese, with the same named groups)
_REASONS: list[tuple[str, str]] = [
    # opening a workbook (readers/workbook.py, readers/inputs.py)
    (r"file not found", "文件不存在"),
    (r"no such file", "文件不存在"),
    (r"is a directory, not a workbook", "是文件夹，不是工作簿"),
    (r"is a directory, not a (?P<w>.+)", "是文件夹，不是\\g<w>"),
    (r"not a regular file \(a FIFO, socket or device\), not a (?P<w>.+)", "不是普通文件（是管道、套接字或设备），不是\\g<w>"),
    (r"not a regular file, not a (?P<w>.+)", "不是普通文件，不是\\g<w>"),
    (r"broken or unsupported (?P<w>\S+): not a readable zip \((?P<x>.*)\)",
     "\\g<w>已损坏或格式不受支持：不是可读取的 zip（读取库的原话：\\g<x>）"),
    (r"broken or unsupported (?P<w>\S+): member (?P<m>.+) cannot be inflated \((?P<x>.*)\)",
     "\\g<w>已损坏或格式不受支持：成员 \\g<m> 无法解压（读取库的原话：\\g<x>）"),
    (r"(?P<m>\S+) declares a DTD \(entities are refused in (?P<w>\S+) XML\)",
     "\\g<m> 声明了 DTD（\\g<w> 的 XML 中不允许实体）"),
    (r"exceeds the limit on (?P<d>.+?): (?P<v>\S+)(?: \((?P<x>[^)]*)\))?; set (?P<e>\S+) to change it",
     "超出限制“\\g<d>”：上限 \\g<v>，实为 \\g<x>；可设置环境变量 \\g<e> 调整"),
    (r"cannot be read: (?P<x>.*)", "无法读取：\\g<x>"),
    (r"empty file, not a workbook", "空文件，不是工作簿"),
    (r"workbook is encrypted \(password-protected\); submit it unprotected", "工作簿已加密（设有密码），请报送未加密的文件"),
    (r"workbook is encrypted \(password-protected\)", "工作簿已加密（设有密码）"),
    (r"not an Excel workbook \(\.xlsx, \.xlsm, \.xls or \.ods expected\)", "不是 Excel 工作簿（应为 .xlsx、.xlsm、.xls 或 .ods）"),
    (r"broken or unsupported workbook: (?P<x>.*)", "工作簿已损坏或格式不受支持（读取库的原话：\\g<x>）"),
    (r"no table of the budget set found \(titles such as 收支总表, 收入总表\)", "未找到任何预算公开表（如收支总表、收入总表）"),
    # reading a table (readers/*.py)
    (r"(?P<t>\S+): no header row found", "\\g<t>：未找到表头行"),
    (r"(?P<t>\S+): no code \(科目编码\) column in the header", "\\g<t>：表头中没有科目编码列"),
    (r"(?P<t>\S+): no 合计 column in the header", "\\g<t>：表头中没有合计列"),
    (r"(?P<t>\S+): no 项目 header row found", "\\g<t>：未找到“项目”表头行"),
    (r"(?P<t>\S+): no 项目 column", "\\g<t>：没有“项目”列"),
    (r"(?P<t>\S+): line '(?P<x>.*)' not found", "\\g<t>：未找到“\\g<x>”行"),
    (r"(?P<t>\S+): no 编制/在职 lines found", "\\g<t>：未找到编制/在职行"),
    (r"a headcount must be a whole number, not (?P<x>.*)", "人数应为整数，实为 \\g<x>"),
    (r"text where a number belongs: '(?P<x>.*)'", "应为数字，实为文字“\\g<x>”"),
    (r"text where a rate belongs: '(?P<x>.*)'", "应为增减率，实为文字“\\g<x>”"),
    # the explanatory text (narrative/document.py)
    (r"reading \.pdf needs the 'pypdf' package", "读取 .pdf 需要安装 pypdf 包"),
    (r"unreadable PDF: (?P<x>.*)", "PDF 无法读取（读取库的原话：\\g<x>）"),
    (r"the PDF has no text layer", "PDF 没有文字层（可能是扫描件），无法读取"),
    (r"reading \.docx needs the 'python-docx' package", "读取 .docx 需要安装 python-docx 包"),
    (r"unreadable \.docx: (?P<x>.*)", ".docx 无法读取（读取库的原话：\\g<x>）"),
    (r"text is neither UTF-8 nor GB18030", "文本编码既不是 UTF-8 也不是 GB18030"),
    (r"no budget figure found in the text \(empty, not a budget text, or an encoding other than UTF-8/GB18030\)",
     "文本中未读到任何预算数字（为空、不是预算文本，或编码不是 UTF-8/GB18030）"),
    (r"(?P<k>.+) named as a text file; submit the file under its own type", "\\g<k>被命名为文本文件，请按其原本类型报送"),
    (r"text is not UTF-8, and read as GB18030 it is not Chinese text \(another encoding such as Big5 or Shift-JIS\?\); save it as UTF-8",
     "文本不是 UTF-8，按 GB18030 读取也不是中文（可能是 Big5、Shift-JIS 等编码），请另存为 UTF-8"),
    (r"the text is empty", "文本为空"),
    (r"(?P<n>\d+) control characters: binary data, not text", "含 \\g<n> 个控制字符：是二进制数据，不是文本"),
    (r"internal error (?P<x>.*); rerun with --debug for the traceback", "内部错误 \\g<x>；加 --debug 重新运行可查看调用栈"),
    (r"unsupported file type '(?P<x>.*)'", "不支持的文件类型“\\g<x>”"),
    # notes on the sheets of a workbook (readers/locate.py)
    (r"a cover or table of contents, skipped", "封面或目录，已跳过"),
    (r"a second (?P<x>.*), ignored", "重复的\\g<x>，已忽略"),
    (r"not a recognised table, skipped", "不是可识别的表，已跳过"),
    (r"a cover, contents or notes sheet, skipped", "封面、目录或说明页，已跳过"),
    (r"hidden, read for (?P<x>.*) \(no visible sheet holds it\)", "隐藏工作表，因无可见工作表包含\\g<x>而读取"),
    # batches and the store (bureau/, store/)
    (r"inbox is not a directory", "收件文件夹不存在或不是文件夹"),
    (r"dask\.distributed is not installed", "未安装 dask.distributed"),
    (r"cannot reach the Dask scheduler \((?P<x>.*)\)", "无法连接 Dask 调度器（\\g<x>）"),
    (r"cannot open the store \((?P<x>.*)\)", "无法打开结果库（\\g<x>）"),
    # inputs and outputs (readers/inputs.py, publish.py, cli.py)
    (r"no workbook \((?P<x>[^)]*)\) in this folder", "此文件夹中没有工作簿（\\g<x>）"),
    (r"no workbook in this archive", "此压缩包中没有工作簿"),
    (r"no workbook matches this pattern", "没有与此模式匹配的工作簿"),
    (r"skipped \(an Excel lock file, not a workbook\)", "已跳过（Excel 锁定文件，不是工作簿）"),
    (r"no workbook or text to validate", "没有可审核的工作簿或文本"),
    (r"refusing to overwrite the submitted workbook; choose another output", "不能覆盖报送的工作簿，请另选输出位置"),
    (r"cannot open for annotation \((?P<x>.*)\)", "无法打开以生成批注副本（\\g<x>）"),
    (r"cannot write (?P<w>.+?) \((?P<x>.*)\)", "无法写入\\g<w>（\\g<x>）"),
    (r"not annotated \(unreadable\)", "未生成批注副本（无法读取）"),
    (r"no evidence \(file not found\)", "未生成证据包（文件不存在）"),
    # evidence bundles (reports/evidence.py)
    (r"not a readable evidence bundle \((?P<x>.*)\)", "不是可读取的证据包（\\g<x>）"),
    (r"no (?P<m>\S+) in the bundle", "证据包中没有 \\g<m>"),
    (r"(?P<m>\S+) is not a (?P<x>\S+) manifest", "\\g<m> 不是 \\g<x> 格式的清单"),
    (r"member missing", "成员缺失"),
    (r"SHA-256 mismatch", "SHA-256 不一致"),
    (r"member not in the manifest", "成员未列入清单"),
    (r"content_sha256 does not match its member list", "content_sha256 与成员列表不符"),
    (r"SHA-256 differs from the recorded submission hash", "SHA-256 与记录的报送文件哈希不同"),
    (r"does not match the submitted file", "与报送文件不符"),
    (r"contracts hash does not match", "规则文件哈希不符"),
    (r"unsafe member path", "成员路径不安全"),
    (r"re-run failed: (?P<x>.*)", "重新运行失败：\\g<x>"),
    (r"status: recorded (?P<a>\S+), re-run (?P<b>\S+)", "结论：记录为 \\g<a>，重新运行为 \\g<b>"),
    (r"only recorded: (?P<x>.*)", "仅在记录中：\\g<x>"),
    (r"only in re-run: (?P<x>.*)", "仅在重新运行中：\\g<x>"),
    (r"all hashes hold; verdict reproduced", "所有哈希一致，审核结论可复现"),
    (r"verdict not reproduced", "审核结论未能复现"),
]
_COMPILED = [(re.compile(f"(?:^|(?<=: ))(?:{en})$"), zh) for en, zh in _REASONS]
_PLACE = re.compile(r" \(sheet '(?P<x>[^']*)'\)|^sheet '(?P<y>[^']*)'(?=: )")
# lines that name an output written ("annotated workbook: out/a.annotated.xlsx")
_LABELS = {"annotated workbook: ": "批注副本：", "evidence bundle: ": "证据包：", "data docs: ": "Data Docs：",
           "wrote ": "已写入："}
_WHAT = {"workbook": "工作簿", "text": "文本", "zip archive": "zip 压缩包", ".docx": " .docx ",
         "report": "报告", "catalogue": "规则目录", "annotated workbook": "批注副本",
         "evidence bundle": "证据包", "data docs": " Data Docs ", "output": "输出"}


def known(reason: str) -> bool:
    """Does the table give this English reason a Chinese form?"""
    return any(pattern.search(reason) for pattern, _ in _COMPILED)


def localize(line: str, lang: str) -> str:
    """The line in ``lang``: English as raised, or Chinese (an unknown reason stays as it is)."""
    if lang == "en":
        return line
    for label, zh in _LABELS.items():
        if line.startswith(label):
            return zh + line[len(label):]
    for pattern, zh in _COMPILED:
        match = pattern.search(line)
        if match:
            text = match.expand(zh)
            if "w" in match.groupdict() and match.group("w"):
                text = text.replace(match.group("w"), _WHAT.get(match.group("w"), match.group("w")), 1)
            line = line[:match.start()] + text
            break
    line = _PLACE.sub(lambda m: f"（工作表“{m.group('x')}”）" if m.group("x") is not None
                      else f"工作表“{m.group('y')}”", line)
    return line.replace(": ", "：")


def contract_line(line: str, lang: str) -> str:
    """A contract file's error: its file:line and detail (the contract's own vocabulary), led by
    what it is in the reviewer's language."""
    return line if lang == "en" else f"规则或配置文件有误（请联系管理员）：{line}"
