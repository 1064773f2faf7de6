"""简体中文 translations of the interface: {English text: Chinese text}. Placeholders like {epoch} stay as they are.

Filled from the list `tests/test_i18n.py` prints when a string is missing. This file holds the app shell and the
widgets every page shares (run panel, settings form, result views, charts drawn in core/ui/); the demos' config
texts live in core/translations_zh_config.py, core/translations_zh_help.py and
core/translations_zh_help_paradigms.py, the pages' own texts in core/translations_zh_pages.py,
core/translations_zh_more.py and core/translations_zh_paradigms.py, error messages in
core/translations_zh_errors.py. `ZH` is all of them merged.

Terms follow Chinese ML textbooks: 训练, 损失, 准确率, 学习率, 批大小, 轮次 (epoch), 隐藏层, 卷积, 注意力,
生成器, 判别器, 潜在空间; product names and code identifiers (PyTorch, MNIST, CIFAR-10, lstsq) stay as they are.
"""

from core.translations_zh_config import GROUPS_AND_DEMOS, LABELS
from core.translations_zh_errors import ERRORS, RANGES
from core.translations_zh_help import GENERATIVE, LINEAR_MODELS, SEQUENCES, VISION
from core.translations_zh_help_paradigms import PARADIGMS, TRANSFER_AND_FEDERATED
from core.translations_zh_more import MORE
from core.translations_zh_pages import PAGES
from core.translations_zh_paradigms import PARADIGM_PAGES

SHELL: dict[str, str] = {
    "Home": "首页",
    "Language": "语言",
    "Presentation mode": "演示模式",
    "Settings": "设置",
    "These link settings were not valid and the defaults were used instead: {names}.":
        "链接中的这些设置无效，已改用默认值：{names}。",
}

RUN_PANEL: dict[str, str] = {
    "Train": "训练",
    "Stop": "停止",
    "Resume": "继续",
    "Retrain": "重新训练",
    "Start over": "从头开始",
    "Try again": "重试",
    "estimating...": "估算中……",
    "{minutes} min {seconds} s": "{minutes} 分 {seconds} 秒",
    "Queued: another run is training; this one starts when it finishes.":
        "排队中：另一个训练正在进行，它结束后这个才会开始。",
    "Loading the data and building the model...": "正在加载数据并构建模型……",
    "{rate} samples/s": "{rate} 样本/秒",
    "measuring speed": "正在测速",
    "Epoch {epoch}/{epochs} · {percent} · {speed} · ETA {eta} · {device}":
        "轮次 {epoch}/{epochs} · {percent} · {speed} · 预计剩余 {eta} · {device}",
    "starting": "启动中",
    "Cached run, trained {when} on {device} in {duration} of training. Reopening it never retrains.":
        "已缓存的训练结果：{when} 在 {device} 上训练，训练用时 {duration}。重新打开不会再次训练。",
    "Stopping after the current batch; the last finished epoch is kept.": "将在当前批次后停止；保留最后完成的轮次。",
    "Stopped after epoch {epoch} of {epochs}; Resume continues from there.":
        "已在第 {epoch} 轮（共 {epochs} 轮）后停止；点击“继续”将从这里接着训练。",
    "Training failed: {error}": "训练失败：{error}",
    "unknown error": "未知错误",
    "This run's saved files are damaged (truncated or failing their checksum), so it is treated as missing. Retrain "
    "it to rebuild them.":
        "这次训练保存的文件已损坏（被截断或校验失败），因此视为不存在。请重新训练以重建这些文件。",
    "No run with these settings yet. Train starts one in the background; you can leave this page and come back, and "
    "other visitors asking for the same settings share it.":
        "这些设置还没有训练结果。点击“训练”会在后台开始训练；你可以离开本页稍后再回来，"
        "使用相同设置的其他访问者也会共享这次训练。",
}

RESULTS: dict[str, str] = {
    # headline metrics and sections shared by several pages
    "Test accuracy": "测试准确率",
    "Test loss": "测试损失",
    "Training time": "训练时间",
    "Epochs": "轮次",
    "Epoch": "轮次",
    "Steps": "步数",
    "Confusion matrix (test set)": "混淆矩阵（测试集）",
    "Most confident mistakes": "最有把握的错误",
    "No test image was misclassified.": "没有测试图像被分错。",
    "true {true} → {predicted} ({confidence})": "真实 {true} → 预测 {predicted}（{confidence}）",
    "Prediction: **{label}** ({probability})": "预测：**{label}**（{probability}）",
    "The run's report could not be read ({error}).": "无法读取这次训练的报告（{error}）。",
    "Upload a CSV": "上传 CSV",
    # the visitor's picture (core/ui/drawing.py)
    "Draw": "手绘",
    "Upload an image": "上传图片",
    "Camera": "摄像头",
    "PNG, JPEG, WebP, BMP or GIF, up to 10 MB": "PNG、JPEG、WebP、BMP 或 GIF，最大 10 MB",
    "Take a picture": "拍照",
    "The drawing canvas is not available on this server; upload a picture or use the camera.":
        "此服务器上没有手绘画布；请上传图片或使用摄像头。",
    # inside the network (core/ui/network_views.py)
    "Parameters": "参数量",
    "FLOPs per image": "每张图像的 FLOPs",
    "2 x multiply-adds of the conv and linear layers for one forward pass.":
        "一次前向传播中卷积层和线性层乘加次数的 2 倍。",
    "Estimated epoch ({device})": "预计每轮用时（{device}）",
    "n/a": "不可用",
    "{images} images; timed from a few real training steps on this server, which other visitors may share.":
        "{images} 张图像；根据在本服务器上实际运行的几步训练计时，其他访问者可能也在共用这台服务器。",
    "Feature maps": "特征图",
    "First-layer filters": "第一层卷积核",
    "Where it looked": "模型关注哪里",
    "The output of every conv layer for this input (first {count} channels; bright = strong response, each channel "
    "scaled on its own).":
        "这张输入在每个卷积层的输出（前 {count} 个通道；越亮响应越强，每个通道单独缩放）。",
    "{layer}: {channels} channels, {height}x{width}": "{layer}：{channels} 个通道，{height}x{width}",
    "{count} first-layer filters ({size}x{size}, RGB)": "第一层的 {count} 个卷积核（{size}x{size}，RGB）",
    "{count} first-layer filters ({size}x{size})": "第一层的 {count} 个卷积核（{size}x{size}）",
    "Grad-CAM for '{label}'": "“{label}”的 Grad-CAM",
    "Saliency for '{label}'": "“{label}”的显著图",
    "Grad-CAM: the last conv layer's channels weighted by how much they raise the predicted class. Saliency: how "
    "strongly each pixel's change would move that class's score.":
        "Grad-CAM：按最后一个卷积层各通道对预测类别的提升程度加权。显著图：每个像素的变化对该类别得分的影响有多大。",
    # text views (core/ui/text_views.py)
    "Verdict: {label}": "判断：{label}",
    "weight": "权重",
    "output %{y}, source %{x}: %{z:.2f}": "输出 %{y}，源 %{x}：%{z:.2f}",
    "source": "源句",
    "output": "输出",
}

CHARTS: dict[str, str] = {
    # linear and logistic regression figures (core/ui/classic.py)
    "train": "训练",
    "test": "测试",
    "prediction = actual": "预测 = 实际",
    "actual y": "实际 y",
    "predicted y": "预测 y",
    "residual (actual − predicted)": "残差（实际 − 预测）",
    "descent path": "下降路径",
    "▶ Play the descent": "▶ 播放下降过程",
    "your point": "你的点",
    "true {label}": "真实类别 {label}",
    "predicted P({label})": "预测的 P({label})",
    "test examples": "测试样本数",
    "model (AUC {auc})": "模型（AUC {auc}）",
    "chance (AUC 0.5)": "随机猜测（AUC 0.5）",
    "false-positive rate": "假正例率",
    "true-positive rate": "真正例率",
    "Preparing the data...": "正在准备数据……",
    "step {step} of {total}": "第 {step} 步，共 {total} 步",
    "Seed article vs this app": "原始文章 vs 本应用",
    "The seed article": "原始文章",
    "This app (computed now)": "本应用（实时计算）",
    # GAN and VAE figures (core/ui/generative.py)
    "critic score": "评判器得分",
    "probability 'real'": "判为“真”的概率",
    "Losses": "损失",
    "D(x) and D(G(z)): {output}": "D(x) 与 D(G(z))：{output}",
    "G loss": "G 损失",
    "D loss": "D 损失",
    "D(x), real": "D(x)，真实图像",
    "D(G(z)), generated": "D(G(z))，生成图像",
    "epoch": "轮次",
    "FID of generated images": "生成图像的 FID",
    "real vs real (same N)": "真实 vs 真实（相同数量）",
    "FID (classifier features)": "FID（分类器特征）",
    "uniform": "均匀分布",
    "class the classifier sees": "分类器判定的类别",
    "generated images": "生成图像数",
    "Entropy {entropy} bits (uniform: {uniform})": "熵 {entropy} 比特（均匀分布：{uniform}）",
    "Reconstruction −E[log p(x|z)]": "重构 −E[log p(x|z)]",
    "nats per image": "每张图像的奈特数",
    "your image": "你的图像",
    # learning curves and confusion matrices (core/plots.py), the Runs page's overlay (core/run_curves.py)
    "Loss": "损失",
    "Accuracy": "准确率",
    "val": "验证",
    "train (per batch)": "训练（每批次）",
    "share of row": "占该行比例",
    "true %{y}, predicted %{x}: %{text}": "真实 %{y}，预测 %{x}：%{text}",
    "training time (s)": "训练时间（秒）",
    # transfer and self-supervised comparisons (core/ui/paradigms.py)
    "labelled images per class (N)": "每类标注图像数（N）",
    # federated learning (core/fed_plots.py)
    "client": "客户端",
    "training examples": "训练样本数",
    "label": "标签",
    "client %{x}, label %{fullData.name}: %{y} examples": "客户端 %{x}，标签 %{fullData.name}：%{y} 个样本",
    "%{fullData.name}, round %{x}: %{y:.2%}": "%{fullData.name}，第 %{x} 轮：%{y:.2%}",
    "target {accuracy}": "目标 {accuracy}",
    "communication round": "通信轮次",
    "global test accuracy": "全局测试准确率",
    # reinforcement learning (core/rl_plots.py; the actions come from core/rl_envs.py)
    "track (ends at ±2.4 m)": "轨道（止于 ±2.4 米）",
    "goal: free end above this line": "目标：自由端高于这条线",
    "cart": "小车",
    "pole": "摆杆",
    "links": "连杆",
    "joint and free end": "关节与自由端",
    "start": "开始",
    "step": "步",
    "step {step} of {total} · return so far {total_return} · last action: {action}":
        "第 {step} 步，共 {total} 步 · 累计回报 {total_return} · 上一个动作：{action}",
    "push left": "向左推",
    "push right": "向右推",
    "torque −1": "力矩 −1",
    "no torque": "无力矩",
    "torque +1": "力矩 +1",
    "▶ Play": "▶ 播放",
    "❚❚ Pause": "❚❚ 暂停",
    "training episode (exploring policy)": "训练回合（探索策略）",
    "mean of the last {count} episodes": "最近 {count} 个回合的平均值",
    "greedy policy after each epoch": "每轮结束后的贪心策略",
    "random policy {value}": "随机策略 {value}",
    "solved {value}": "解决标准 {value}",
    "training episode": "训练回合",
    "return": "回报",
}

METRICS: dict[str, str] = {
    # metric names (core/i18n.py METRIC_NAMES), for metric keys shown on Home, Runs and the claims page
    "Training loss": "训练损失",
    "Validation loss": "验证损失",
    "Training accuracy": "训练准确率",
    "Validation accuracy": "验证准确率",
    "Test BLEU": "测试 BLEU",
    "Test BLEU (beam)": "测试 BLEU（束搜索）",
    "Validation BLEU": "验证 BLEU",
    "Return of the greedy policy": "贪心策略的回报",
    "Return of the training episodes": "训练回合的回报",
    "FID of real images (baseline)": "真实图像的 FID（基线）",
    "Classifier's mean top probability": "分类器的平均最高概率",
    "Same, on real images (baseline)": "真实图像上的同一指标（基线）",
    "Entropy of the generated classes (bits)": "生成类别的熵（比特）",
    "Accuracy of the supervised baseline": "监督基线的准确率",
    "Accuracy of the augmented baseline": "增强基线的准确率",
    "Accuracy from scratch": "从头训练的准确率",
}

ZH: dict[str, str] = {**SHELL, **RUN_PANEL, **RESULTS, **CHARTS, **METRICS, **GROUPS_AND_DEMOS, **LABELS,
                      **LINEAR_MODELS, **VISION, **SEQUENCES, **GENERATIVE, **PARADIGMS, **TRANSFER_AND_FEDERATED,
                      **PAGES, **MORE, **PARADIGM_PAGES, **ERRORS, **RANGES}
