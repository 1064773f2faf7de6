"""简体中文 translations of the error messages a visitor most often sees: {English message: Chinese message}.

The English side must match the message as raised (core/i18n.py's `translate_message` looks a fixed sentence up
and matches one with variable parts against its template, `{name}` standing for each variable part), so a change
to a message in core/ must be made here too; tests/test_i18n.py raises a sample of them to check. The first
template a message fits wins, so a longer template goes before a shorter one that would also fit its messages.
Messages not listed here (CLI-only errors, internal programming errors) are shown in English.
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
    "The file has more than {limit} usable rows; upload a sample of it.":  # before the shorter one, which fits too
        "文件中可用的行超过 {limit} 行；请上传其中的一部分样本。",
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

RARER_SETTINGS_AND_DATA: dict[str, str] = {
    # settings, presets, demos and devices (core/config.py, core/demo.py, core/registry.py, core/device.py)
    "Unknown setting {name}. Valid settings: {names}.": "未知的设置 {name}。可用的设置：{names}。",
    "{demo} has no preset {preset}; presets: {presets}.": "{demo} 没有预设 {preset}；可用的预设：{presets}。",
    "Unknown demo {name}. Available: {names}.": "未知的演示 {name}。可用的演示：{names}。",
    "Unknown device {device}: expected one of {choices}.": "未知的设备 {device}：应为 {choices} 中的一个。",
    "CUDA was requested but no CUDA GPU is available here; use --device cpu.":
        "请求使用 CUDA，但这里没有可用的 CUDA GPU；请使用 --device cpu。",
    "MPS was requested but is not available here; use --device cpu.":
        "请求使用 MPS，但这里不可用；请使用 --device cpu。",
    "LeNet-5 takes inputs up to 32x32, not {size}x{size}.": "LeNet-5 的输入最大为 32x32，不能是 {size}x{size}。",
    "Another process (the CLI?) is training this run right now.": "另一个进程（命令行？）此刻正在进行这次训练。",
    # datasets (core/datasets.py, core/seq2seq_data.py, core/text_data.py)
    "{name} is not an unsigned-byte IDX file.": "{name} 不是无符号字节（unsigned-byte）类型的 IDX 文件。",
    "{name} is truncated: expected {count} values, found {found}.":
        "{name} 被截断了：应有 {count} 个值，实际只有 {found} 个。",
    "The English-French pairs are not in {folder} and could not be downloaded ({error}); this machine seems to be "
    "offline. Choose 'numbers' (generated, no download).":
        "英语-法语句对不在 {folder} 中，也无法下载（{error}）；这台机器似乎没有联网。请选择 'numbers'"
        "（程序生成，无需下载）。",
    "{path} has no 'sentence' (or 'content') and 'label' columns.":
        "{path} 中没有 'sentence'（或 'content'）列和 'label' 列。",
    # the visitor's picture (core/imaging.py)
    "No digit found: the image is blank or has no contrast.": "没有找到数字：图片是空白的，或者没有对比度。",
    "The image uses the {mode} colour mode, which is not supported. Please save it as an ordinary RGB or grayscale "
    "image.":
        "图片使用的是 {mode} 颜色模式，不受支持。请将它另存为普通的 RGB 或灰度图片。",
}

RARER_UPLOADS: dict[str, str] = {
    # the visitor's CSV (core/tabular.py, core/linreg.py, core/logreg.py, core/rl.py, core/text_data.py)
    "This is not UTF-8 text (it contains NUL bytes: a binary or UTF-16 file). Save it as 'CSV UTF-8'.":
        "这不是 UTF-8 文本（其中含有 NUL 字节：是二进制文件或 UTF-16 文件）。请将它另存为 'CSV UTF-8'。",
    "The file is not UTF-8 text (byte 0x{byte} at position {position}). Save it as 'CSV UTF-8'.":
        "文件不是 UTF-8 文本（位置 {position} 处的字节为 0x{byte}）。请将它另存为 'CSV UTF-8'。",
    "Line {line} is not valid CSV ({error}).": "第 {line} 行不是有效的 CSV（{error}）。",
    "The file is not valid CSV ({error}).": "文件不是有效的 CSV（{error}）。",
    "The file has {count} columns; the limit is {limit}.": "文件有 {count} 列；上限是 {limit} 列。",
    "Line {line} has {count} fields but the first row has {width}; every row must have the same columns, separated "
    "by {delimiter}.":
        "第 {line} 行有 {count} 个字段，但第一行有 {width} 个；每一行都必须有相同的列，并用 {delimiter} 分隔。",
    # longest first: the shorter templates would fit the longer messages too
    "At least {count} numeric column(s) are needed; found {found}. Not numeric: {columns}. Numbers with decimal "
    "commas ('1,5') are not read as numbers: use decimal points.":
        "至少需要 {count} 个数值列；只找到 {found} 个。非数值列：{columns}。带小数逗号的数字（'1,5'）不会被当作数字"
        "读取：请使用小数点。",
    "At least {count} numeric column(s) are needed; found {found}. Not numeric: {columns}.":
        "至少需要 {count} 个数值列；只找到 {found} 个。非数值列：{columns}。",
    "At least {count} numeric column(s) are needed; found {found}.": "至少需要 {count} 个数值列；只找到 {found} 个。",
    "{target} cannot be both the target and a feature.": "{target} 不能同时作为目标列和特征列。",
    "No row has a finite number in every chosen column (missing, NaN or infinite values).":
        "没有任何一行在所有选中的列中都是有限的数字（存在缺失值、NaN 或无穷大）。",
    "Only {rows} usable rows for {features} features: a fit with an intercept needs at least {needed} rows.":
        "{features} 个特征只有 {rows} 行可用：带截距的拟合至少需要 {needed} 行。",
    "Expected {count} numeric column(s) per row with no missing values (the inputs of the {dataset} set); got "
    "columns {columns}.":
        "每行应有 {count} 个数值列且没有缺失值（即 {dataset} 数据集的输入）；实际得到的列是 {columns}。",
    "Expected {count} numeric columns per row (a {env} state) with no missing values.":
        "每行应有 {count} 个数值列（一个 {env} 状态），且没有缺失值。",
    "The label column must hold exactly two different values; found {count} ({labels}).":
        "标签列必须恰好包含两种不同的值；找到了 {count} 种（{labels}）。",
    "The label column must hold exactly two different values; found {count}.":
        "标签列必须恰好包含两种不同的值；找到了 {count} 种。",
    "Each label needs at least 5 rows to train and test on; found {first} '{first_label}' and {second} "
    "'{second_label}'.":
        "每个标签至少需要 5 行用于训练和测试；找到 {first} 行 '{first_label}' 和 {second} 行 '{second_label}'。",
    # the visitor's zip of class folders (core/zip_dataset.py)
    "The zip contains an unsafe file name {name}; re-create it from a folder.":
        "zip 中包含不安全的文件名 {name}；请从文件夹重新创建它。",
    "{name} is not inside a class folder: put each class's images in a folder named after the class.":
        "{name} 不在任何类别文件夹中：请把每个类别的图片放进以该类别命名的文件夹。",
    "The zip holds {count} files; the limit is {limit}.": "zip 中有 {count} 个文件；上限是 {limit} 个。",
    "The zip is {size} MB; the limit is {limit} MB.": "zip 大小为 {size} MB；上限是 {limit} MB。",
    "The zip unpacks to {size} MB; the limit is {limit} MB.": "zip 解压后为 {size} MB；上限是 {limit} MB。",
    "{name} unpacks to {size} MB; the limit for one image is {limit} MB.":
        "{name} 解压后为 {size} MB；单张图片的上限是 {limit} MB。",
    "{name} is compressed {ratio}-fold, which no real image is: the zip looks like a decompression bomb.":
        "{name} 的压缩比为 {ratio} 倍，真实图片不会有这么高的压缩比：这个 zip 看起来是解压炸弹。",
    "{name} holds more data than its header declares: the zip looks like a decompression bomb.":
        "{name} 包含的数据比其文件头声明的多：这个 zip 看起来是解压炸弹。",
}

ARCHIVES_AND_STORED_RUNS: dict[str, str] = {
    # downloading and importing a run archive (core/run_archive.py)
    "Only finished runs can be downloaded; run {key} is {status}.":
        "只有已完成的训练可以下载；训练 {key} 的状态是 {status}。",
    "Run {key} cannot be exported: {error}": "训练 {key} 无法导出：{error}",
    "The archive's run is of demo {demo}, which this app does not have (it has: {demos}).":
        "压缩包中的训练属于演示 {demo}，本应用没有这个演示（现有：{demos}）。",
    "The archive was trained with version {version} of the {demo} recipe; this app uses version {current}, so it "
    "would not match.":
        "压缩包是用第 {version} 版 {demo} 训练方案训练的；本应用使用第 {current} 版，因此结果不会一致。",
    "The archive's settings are not valid for {demo}: {error}": "压缩包中的设置对 {demo} 无效：{error}",
    "The archive's config.json does not name the dataset the run was trained on.":
        "压缩包的 config.json 没有写明训练所用的数据集。",
    "The archive's settings do not reproduce its run key, so it was edited or made by another version of this app.":
        "压缩包中的设置得不出它的训练键，说明它被修改过，或是由本应用的其他版本生成的。",
    "The archive is {size} MiB; the limit is {limit} MiB.": "压缩包大小为 {size} MiB；上限是 {limit} MiB。",
    "The archive holds {count} entries; a run archive has at most {limit}.":
        "压缩包中有 {count} 个条目；训练压缩包最多只有 {limit} 个。",
    "{name} is larger than its {limit} MiB limit.": "{name} 超过了它的 {limit} MiB 上限。",
    "The archive unpacks to more than {limit} MiB.": "压缩包解压后超过 {limit} MiB。",
    "The archive lacks {names}; download runs from the Runs page to get one.":
        "压缩包缺少 {names}；请在“训练记录”页面下载训练，以获得完整的压缩包。",
    "The archive holds the folder entry {name}; a run archive is flat (no folders).":
        "压缩包中有文件夹条目 {name}；训练压缩包是扁平的（不含文件夹）。",
    "The archive holds {name}, which is not part of a run archive (allowed: {names}).":
        "压缩包中有 {name}，它不属于训练压缩包（允许的文件：{names}）。",
    "The archive holds {name} twice.": "压缩包中 {name} 出现了两次。",
    "{name} in the archive is not valid JSON.": "压缩包中的 {name} 不是有效的 JSON。",
    "{name} in the archive is not a JSON object.": "压缩包中的 {name} 不是 JSON 对象。",
    "The run was trained on dataset {dataset}, but this machine's data is {local}; importing it would show results "
    "for data it never saw.":
        "这次训练使用的数据集是 {dataset}，而这台机器上的数据是 {local}；导入它会把结果显示在它从未见过的数据上。",
    "Only finished runs can be imported; this one is {status}.":
        "只有已完成的训练可以导入；这个训练的状态是 {status}。",
    "{name} is a pickle/torch.save file, not safetensors; this app never loads pickles.":
        "{name} 是 pickle/torch.save 文件，不是 safetensors；本应用从不加载 pickle 文件。",
    "{name} is not a valid safetensors file ({error}).": "{name} 不是有效的 safetensors 文件（{error}）。",
    "weights.safetensors does not match the checksum in train_state.json (corrupted).":
        "weights.safetensors 与 train_state.json 中的校验和不符（已损坏）。",
    "The weights do not fit the {demo} model these settings build ({detail}).":
        "这些权重与按这些设置构建的 {demo} 模型不匹配（{detail}）。",
    "The archive has report.safetensors without the report.json that vouches for it.":
        "压缩包中有 report.safetensors，却没有用来校验它的 report.json。",
    "report.safetensors is missing or does not match the checksum in report.json.":
        "report.safetensors 缺失，或与 report.json 中的校验和不符。",
    "Run {key} appeared while importing; choose to replace it to import over it.":
        "导入期间出现了训练 {key}；如要覆盖它导入，请选择替换。",
    "Run {key} could not be stored ({error}); try again.": "训练 {key} 无法保存（{error}）；请重试。",
    # a stored run's files (core/store.py, core/optim_state.py)
    "Invalid tensor file name {name}.": "无效的张量文件名 {name}。",
    "{name}.safetensors is missing ({error}).": "{name}.safetensors 缺失（{error}）。",
    "{name}.safetensors does not match its checksum (corrupted).": "{name}.safetensors 与其校验和不符（已损坏）。",
    "{name}.safetensors is unreadable: {error}": "{name}.safetensors 无法读取：{error}",
    "train_state.json is missing or unreadable.": "train_state.json 缺失或无法读取。",
    "report.json is missing or unreadable.": "report.json 缺失或无法读取。",
    "The saved optimizer state does not match the model: {error}": "保存的优化器状态与模型不匹配：{error}",
}

RANGES: dict[str, str] = {
    # a setting's valid values, the {expected} of the settings messages above (core.config.describe_range)
    "{lo} to {hi}": "{lo} 到 {hi}",
    "one of: {choices}": "{choices} 中的一个",
    "true or false": "true 或 false",
}

ERRORS: dict[str, str] = {**DATA, **PICTURES, **SETTINGS_AND_RUNS, **UPLOADS, **RARER_SETTINGS_AND_DATA,
                          **RARER_UPLOADS, **ARCHIVES_AND_STORED_RUNS}
