"""简体中文 translations of the error messages a visitor most often sees: {English message: Chinese message}.

The English side must match the message as raised (core/i18n.py's `translate_message` looks a fixed sentence up
and matches one with variable parts against its template, `{name}` standing for each variable part), so a change
to a message in core/ must be made here too; tests/test_i18n.py raises a sample of them to check. Messages not
listed here (rarer archive, CSV and zip-file problems, CLI errors) are shown in English.
"""

DATA: dict[str, str] = {
    # datasets that need a download (core/datasets.py, core/generative.py, core/vision_data.py, core/text_data.py)
    "{name} could not be downloaded into {root} ({error}); this machine seems to be offline. Choose 'digits' "
    "(bundled, no download) or 'mnist-10k' (local IDX files).":
        "{name} 无法下载到 {root}（{error}）；这台机器似乎没有联网。请选择 'digits'（内置，无需下载）或 "
        "'mnist-10k'（本地 IDX 文件）。",
    "{name} could not be downloaded into {root} ({error}); this machine seems to be offline. Choose 'shapes' "
    "(drawn on the fly, no download) or upload a zip of class folders.":
        "{name} 无法下载到 {root}（{error}）；这台机器似乎没有联网。请选择 'shapes'（即时绘制，无需下载），"
        "或上传一个按类别分文件夹的 zip。",
    "The ImageNet weights of {name} could not be downloaded into {folder} ({error}); this machine seems to be "
    "offline. Choose the backbone 'own-cnn' (a CNN pretrained here, e.g. on digits 0-4 and transferred to 5-9), "
    "which needs no download.":
        "{name} 的 ImageNet 权重无法下载到 {folder}（{error}）；这台机器似乎没有联网。请选择骨干网络 'own-cnn'"
        "（在本应用中预训练的 CNN，例如在数字 0-4 上预训练后迁移到 5-9），它无需下载。",
    "mnist-10k needs {files} in {folder}. Point --data-dir (or DLDEMO_DATA_DIR) at a folder holding mnist/, or "
    "choose the 'digits' dataset, which needs no download.":
        "mnist-10k 需要 {folder} 中的 {files}。请让 --data-dir（或 DLDEMO_DATA_DIR）指向包含 mnist/ 的文件夹，"
        "或选择无需下载的 'digits' 数据集。",
    "SST-2 needs train.tsv and dev.tsv in {folder} and could not be downloaded ({error}); this machine seems to be "
    "offline. Choose 'word-order' (generated, no download), upload a CSV, or point --data-dir (DLDEMO_DATA_DIR) at "
    "a folder holding sst2/.":
        "SST-2 需要 {folder} 中的 train.tsv 和 dev.tsv，但无法下载（{error}）；这台机器似乎没有联网。请选择 "
        "'word-order'（程序生成，无需下载）、上传一个 CSV，或让 --data-dir（DLDEMO_DATA_DIR）指向包含 sst2/ 的文件夹。",
    "Unknown dataset {name}; choose one of {names}.": "未知的数据集 {name}；请从 {names} 中选择。",
    "No dataset has been uploaded: upload a zip of class folders first.":
        "还没有上传数据集：请先上传一个按类别分文件夹的 zip。",
    "Uploaded dataset {upload} is not on this server (uploads live in {folder}); upload the zip again.":
        "上传的数据集 {upload} 不在这台服务器上（上传的数据保存在 {folder}）；请重新上传 zip。",
    "Another process has been training the FID classifier for {seconds} s; try again when it finishes.":
        "另一个进程已经训练 FID 分类器 {seconds} 秒了；请等它结束后再试。",
    "A Dirichlet split with alpha={alpha} over {clients} clients left some client with fewer than {size} examples "
    "in {draws} draws; raise alpha or use fewer clients.":
        "在 {clients} 个客户端上按 alpha={alpha} 的 Dirichlet 划分，{draws} 次抽样后仍有客户端的样本少于 {size} 个；"
        "请调大 alpha 或减少客户端数量。",
}

PICTURES: dict[str, str] = {
    # the visitor's picture (core/imaging.py for digits, core/vision_data.py for colour images)
    "The file is empty.": "文件是空的。",
    "The file is {size} MB, which is over the {limit} MB upload limit. Please upload a smaller image.":
        "文件大小为 {size} MB，超过了 {limit} MB 的上传上限。请上传更小的图片。",
    "The image is too large to process safely. The limit is {side} x {side} pixels.":
        "图片太大，无法安全处理。上限是 {side} x {side} 像素。",
    "This file is not a recognised image. Please upload a {types} image.":
        "无法识别这个文件的图片格式。请上传 {types} 格式的图片。",
    "This file is a {format} image, which is not supported. Please upload a {types} image.":
        "这是 {format} 格式的图片，不受支持。请上传 {types} 格式的图片。",
    "The image is {width} x {height} pixels, which is larger than the {side} x {side} pixel limit. Please upload a "
    "smaller image.":
        "图片为 {width} x {height} 像素，超过了 {side} x {side} 像素的上限。请上传更小的图片。",
    "The image file is truncated or corrupt, so it cannot be read. Please save or export it again and re-upload it.":
        "图片文件被截断或已损坏，无法读取。请重新保存或导出后再上传。",
    "The file is over the {limit} MB limit for one picture.": "文件超过了单张图片 {limit} MB 的上限。",
    "This is a {format} file, not a PNG, JPEG, WebP, BMP or GIF image.":
        "这是 {format} 文件，不是 PNG、JPEG、WebP、BMP 或 GIF 图片。",
    "The picture is {width} x {height} pixels; the limit is {side} per side and {megapixels} megapixels.":
        "图片为 {width} x {height} 像素；上限是每边 {side} 像素、总计 {megapixels} 百万像素。",
    "This file is not a readable PNG, JPEG, WebP, BMP or GIF image.":
        "这个文件不是可读取的 PNG、JPEG、WebP、BMP 或 GIF 图片。",
    # the visitor's text (core/text.py, core/seq2seq.py)
    "Type some text first.": "请先输入一些文字。",
    "The text has {count} characters; the limit is {limit}.": "文字共有 {count} 个字符；上限是 {limit}。",
    "The text has no visible words or symbols (only spaces or invisible characters).":
        "文字中没有可见的单词或符号（只有空格或不可见字符）。",
    "The file is not UTF-8 text.": "文件不是 UTF-8 文本。",
}

SETTINGS_AND_RUNS: dict[str, str] = {
    # settings (core/config.py, core/tabular.py)
    "{name}={value} is not valid: expected {expected}.": "{name}={value} 无效：应为 {expected}。",
    "{name}={value} is out of range: expected {expected}.": "{name}={value} 超出范围：应为 {expected}。",
    "{name}={value} has the wrong type: expected {expected}.": "{name}={value} 的类型不对：应为 {expected}。",
    "Degree {degree} on {inputs} inputs gives {features} features; the limit is {limit}. Lower the degree.":
        "{inputs} 个输入在 {degree} 次时会产生 {features} 个特征；上限是 {limit}。请降低次数。",
    "{rows} rows x {features} features is more than {limit} numbers; lower the degree or the number of samples.":
        "{rows} 行 x {features} 个特征超过了 {limit} 个数；请降低次数或减少样本数。",
    # training and finished runs (core/tabular.py, core/training.py, core/inference.py, core/run_archive.py)
    "Gradient descent diverged in epoch {epoch}: the loss grew to {loss}, from {start} at θ = 0. Use a learning "
    "rate below 2/L = {limit} (L = {curvature} is the loss's curvature), or tick 'auto lr' for 1/L.":
        "梯度下降在第 {epoch} 轮发散：损失从 θ = 0 时的 {start} 增长到 {loss}。请使用低于 2/L = {limit} 的学习率"
        "（L = {curvature} 是损失的曲率），或勾选 'auto lr' 使用 1/L。",
    "The GPU ran out of memory. Try a smaller batch size or a narrower model.":
        "GPU 显存不足。请尝试更小的批大小或更窄的模型。",
    "The disk is full, so the checkpoint could not be saved; the last saved epoch is kept. Free some space and try "
    "again.":
        "磁盘已满，检查点无法保存；已保留最后保存的轮次。请释放一些空间后重试。",
    "There is no finished {demo} run for this config. Train it first, e.g. `python -m core train {demo}` with the "
    "same --set values.":
        "这些设置还没有完成的 {demo} 训练。请先训练，例如使用相同的 --set 值运行 `python -m core train {demo}`。",
    "The finished run {key} is damaged ({error}); retrain it.": "已完成的训练 {key} 已损坏（{error}）；请重新训练。",
    "Run {key} is {status}; stop it before deleting it.": "训练 {key} 的状态是 {status}；请先停止再删除。",
    "Another process (the CLI?) is training run {key}; delete it when that finishes.":
        "另一个进程（命令行？）正在训练 {key}；请等它结束后再删除。",
    "The file is not a readable zip archive ({error}).": "这个文件不是可读取的 zip 压缩包（{error}）。",
    "{name} looks like a pickle/torch.save file; this app only loads safetensors weights.":
        "{name} 看起来是 pickle/torch.save 文件；本应用只加载 safetensors 权重。",
    "Run {key} is already here (status {status}); choose to replace it to import this archive over it.":
        "训练 {key} 已经存在（状态 {status}）；如要用这个压缩包覆盖它，请选择替换。",
}

UPLOADS: dict[str, str] = {
    # the visitor's CSV or zip of class folders (core/tabular.py, core/text_data.py, core/zip_dataset.py)
    "The file is {size} MB; the limit is {limit} MB.": "文件大小为 {size} MB；上限是 {limit} MB。",
    "The file has more than {limit} rows; upload a sample of it.": "文件超过 {limit} 行；请上传其中的一部分样本。",
    "Only one column was found (looked for comma, semicolon, tab and | separators); a regression needs a target "
    "column and at least one feature column.":
        "只找到一列（已尝试逗号、分号、制表符和 | 分隔符）；回归需要一个目标列和至少一个特征列。",
    "The file has a header but no data rows.": "文件只有表头，没有数据行。",
    "Choose a target column and at least one feature column from the numeric columns.":
        "请从数值列中选择一个目标列和至少一个特征列。",
    "The first row must name a text column (text, sentence, review or content) and a label column (label, "
    "sentiment, class or target).":
        "第一行必须标明一个文本列（text、sentence、review 或 content）和一个标签列（label、sentiment、class 或 "
        "target）。",
    "The zip has {count} class folder(s); it needs 2 to {limit}.":
        "zip 中有 {count} 个类别文件夹；需要 2 到 {limit} 个。",
    "Class {name} has {count} image(s); every class needs at least {limit}.":
        "类别 {name} 只有 {count} 张图片；每个类别至少需要 {limit} 张。",
}

RANGES: dict[str, str] = {
    # a setting's valid values, the {expected} of the settings messages above (core.config.describe_range)
    "{lo} to {hi}": "{lo} 到 {hi}",
    "one of: {choices}": "{choices} 中的一个",
    "true or false": "true 或 false",
}

ERRORS: dict[str, str] = {**DATA, **PICTURES, **SETTINGS_AND_RUNS, **UPLOADS}
