"""简体中文 for the texts of the classic, vision, sequence and generative demo pages (pages/<demo>.py), one block
per page. Merged into `core.translations_zh.ZH`. Math stays as written (θ, λ, ‖w‖, XᵀX); the prose around it
is translated.
"""

LINREG: dict[str, str] = {
    "Fit y ≈ θᵀx by least squares. The **normal equation** solves it in one step; **gradient descent** walks "
    "downhill on the loss surface; **SGD** does the same with noisy minibatch steps. Pick data in the sidebar (or "
    "upload a CSV), press **Train**, and watch θ approach the exact answer.":
        "用最小二乘拟合 y ≈ θᵀx。**正规方程**一步求解；**梯度下降**沿损失曲面一步步下山；**SGD** 做同样的事，"
        "但每步只用带噪声的小批量。在侧边栏选择数据（或上传 CSV），点击**训练**，看 θ 逐渐逼近精确解。",
    "The predicted-vs-actual chart appears after the first epoch.": "第一轮结束后会出现预测值与实际值对比图。",
    "intercept b": "截距 b",
    "slope w ({feature})": "斜率 w（{feature}）",
    "The loss J over the two parameters (data units) and the path of θ from θ = 0; the star is numpy's "
    "least-squares θ*.":
        "损失 J 随两个参数（数据单位）的变化，以及 θ 从 θ = 0 出发的路径；星号是 numpy 求得的最小二乘解 θ*。",
    "Test R²": "测试 R²",
    "Test RMSE": "测试 RMSE",
    "θ* not unique": "θ* 不唯一",
    "Distance to numpy.linalg.lstsq's minimiser of the same objective.":
        "到 numpy.linalg.lstsq 对同一目标求得的最优解的距离。",
    "Time: closed form / {solver}": "用时：闭式解 / {solver}",
    "One lstsq solve, timed when the data were prepared, against this run's training time.":
        "一次 lstsq 求解（在准备数据时计时）与这次训练用时的对比。",
    "parameter": "参数",
    "this fit": "本次拟合",
    "numpy lstsq θ*": "numpy lstsq θ*",
    "Curvature L = λ_max(ZᵀZ/m) + λ = {curvature}: gradient descent converges for step sizes below 2/L = {limit}; "
    "'auto lr' uses 1/L = {auto}.":
        "曲率 L = λ_max(ZᵀZ/m) + λ = {curvature}：步长小于 2/L = {limit} 时梯度下降收敛；“自动学习率”使用 1/L = {auto"
        "}。",
    "The run's weights could not be read (missing or failing their checksum); retrain it.":
        "无法读取这次训练的权重（缺失或校验失败）；请重新训练。",
    "A CSV file: UTF-8, comma, semicolon or tab separated, header row optional; up to 10 MB and 200,000 rows. It "
    "stays in memory and is never saved.":
        "CSV 文件：UTF-8 编码，以逗号、分号或制表符分隔，表头行可选；最大 10 MB、200,000 行。文件只保存在内存中，"
        "不会写入磁盘。",
    "Upload a CSV, then choose the target column and the feature columns.": "上传 CSV，然后选择目标列和特征列。",
    "This file cannot be used: {error}": "无法使用此文件：{error}",
    "Left out (not numeric): {columns}": "已忽略（非数值）：{columns}",
    "Target column (y)": "目标列（y）",
    "Feature columns (x)": "特征列（x）",
    "Fewer than 20 rows: no test split, the test figures are on the training rows.":
        "少于 20 行：不划分测试集，测试指标基于训练行计算。",
    "These settings take {steps} steps; in the page the limit is {limit}. Lower the epochs or raise the batch size, "
    "or use the normal equation.":
        "这些设置需要 {steps} 步；页面内的上限是 {limit} 步。请减少轮次、增大批大小，或使用正规方程。",
    "Fit": "拟合",
    "fitting": "拟合中",
    "Press Fit to run gradient descent on these columns.": "点击“拟合”，在这些列上运行梯度下降。",
    "Data": "数据",
    "Built-in datasets": "内置数据集",
    "The math: least squares, the normal equation and gradient descent": "数学原理：最小二乘、正规方程与梯度下降",
    "With m examples as rows of X (a column of 1s for the intercept) and targets y, least squares minimises":
        "设 X 的每一行是 m 个样本之一（截距对应一列 1），目标为 y，最小二乘要最小化",
    "Its gradient is zero at the minimum, which gives the **normal equation**:":
        "在最小值处梯度为零，由此得到**正规方程**：",
    "The app never forms that inverse. It calls `torch.linalg.lstsq`, which factorises X itself (SVD): forming XᵀX "
    "squares the condition number, κ(XᵀX) = κ(X)², so half the significant digits are lost, and when columns are "
    "collinear XᵀX is singular, where `inv` fails or returns garbage while lstsq returns the minimum-norm solution. "
    "Ridge adds λ/2·‖w‖² (features standardised, intercept free):":
        "本应用从不计算这个逆矩阵，而是调用 `torch.linalg.lstsq` 直接分解 X（SVD）：构造 XᵀX 会使条件数平方，"
        "κ(XᵀX) = κ(X)²，损失一半有效数字；当列共线时 XᵀX 奇异，`inv` 会失败或返回无意义的结果，而 lstsq "
        "返回最小范数解。岭回归加上 λ/2·‖w‖²（特征已标准化，截距不加惩罚）：",
    "**Gradient descent** takes steps against the gradient; SGD uses a random minibatch B instead of all m rows:":
        "**梯度下降**沿负梯度方向前进；SGD 用随机小批量 B 代替全部 m 行：",
    "Features are standardised first (mean 0, standard deviation 1): that makes L about 1 and the bowl round, so one "
    "step size suits every direction. θ is reported back in the data's units.":
        "特征先做标准化（均值 0、标准差 1）：这使 L 约为 1、损失碗变圆，一个步长就适合所有方向。θ 会换算回数据原来的"
        "单位。",
    "Worked example": "算例",
    "the same data, no intercept column": "相同数据，没有截距列",
    "Σ residual²": "Σ 残差²",
    "{sse}: zero up to rounding (y = x₁ + x₂ exactly)": "{sse}：在舍入误差内为零（恰好 y = x₁ + x₂）",
    "How": "方法",
    "lstsq on X (κ(XᵀX) = {condition}). With an intercept column XᵀX is singular (κ = {singular}): {inverse}; lstsq "
    "still fits.":
        "对 X 做 lstsq（κ(XᵀX) = {condition}）。加上截距列后 XᵀX 奇异（κ = {singular}）：{inverse}；lstsq 仍能拟合。",
    "The article's formula is right but its printed θ is not the least-squares solution: θ = [1, 1] fits all three "
    "points exactly, while [0.30, 1.40] leaves a squared error of 0.30.":
        "文章的公式是对的，但它给出的 θ 并不是最小二乘解：θ = [1, 1] 能精确拟合全部三个点，而 [0.30, 1.40] "
        "留下 0.30 的平方误差。",
}

LOGREG: dict[str, str] = {
    "Two classes, one linear score θᵀx squashed by the sigmoid into a probability. Polynomial features bend the "
    "boundary; L2 keeps the weights finite. Press **Train** and watch the boundary move epoch by epoch.":
        "两个类别，一个线性得分 θᵀx 经 sigmoid 压缩成概率。多项式特征让边界弯曲；L2 正则让权重保持有限。"
        "点击**训练**，看决策边界一轮一轮地移动。",
    "The decision boundary (P = 0.5) appears when the first epoch is done.": "第一轮结束后会出现决策边界（P = 0.5）。",
    "{inputs} inputs have no 2-D picture: the predicted probabilities of the test set, by true class. A good model "
    "pushes the two colours to opposite ends.":
        "{inputs} 个输入无法画成二维图：这里按真实类别显示测试集的预测概率。好的模型会把两种颜色推向两端。",
    "The predicted probabilities appear when the first epoch is done.": "第一轮结束后会出现预测概率。",
    "Test example #": "测试样本编号",
    "Predicted class: **{label}**": "预测类别：**{label}**",
    "(true class: {label})": "（真实类别：{label}）",
    "Test ROC AUC": "测试 ROC AUC",
    "Test cross-entropy": "测试交叉熵",
    "scikit-learn, same objective": "scikit-learn，同一目标函数",
    "gap {gap}": "差距 {gap}",
    "LogisticRegression(C = 1/(λm)) on the same standardised features and split.":
        "在相同的标准化特征和数据划分上运行 LogisticRegression(C = 1/(λm))。",
    "With λ = 0 there is no unique optimum on separable data, so no scikit-learn comparison.":
        "λ = 0 时线性可分数据没有唯一最优解，因此不与 scikit-learn 比较。",
    "ROC curve (test set)": "ROC 曲线（测试集）",
    "Curvature bound L = λ_max(ZᵀZ/m)/4 + λ = {curvature}: gradient descent is safe for step sizes below 2/L = "
    "{limit}; 'auto lr' uses 1/L = {auto}. {features} features, {train} training and {test} test examples.":
        "曲率上界 L = λ_max(ZᵀZ/m)/4 + λ = {curvature}：步长小于 2/L = {limit} 时梯度下降是安全的；"
        "“自动学习率”使用 1/L = {auto}。共 {features} 个特征，{train} 个训练样本和 {test} 个测试样本。",
    "Predict": "预测",
    "The math: cross-entropy, its gradient, and why there is no closed form":
        "数学原理：交叉熵、它的梯度，以及为什么没有闭式解",
    "The cost is the **negative** log-likelihood (the minus sign makes it ≥ 0 and minimisable), plus L2 on the "
    "weights (not on the intercept):":
        "代价函数是**负**对数似然（负号使它 ≥ 0 且可以最小化），再加上权重（不含截距）的 L2 正则：",
    "Because σ′ = σ(1 − σ), the gradient has the same shape as least squares':":
        "由于 σ′ = σ(1 − σ)，梯度的形式与最小二乘相同：",
    "**Why no closed form.** Setting the gradient to zero gives": "**为什么没有闭式解。**令梯度为零得到",
    "θ sits inside the sigmoid inside the sum, so this is a nonlinear system with no algebraic solution (and with "
    "λ = 0 on separable data no finite minimiser exists at all). J is convex, so iterating downhill finds its "
    "minimum: gradient descent θ ← θ − α∇J, or Newton's method, which uses the curvature and converges in a "
    "handful of steps:":
        "θ 位于求和号内的 sigmoid 之中，所以这是一个没有代数解的非线性方程组（λ = 0 且数据线性可分时根本不存在有限的最"
        "优解）。"
        "J 是凸函数，因此沿下坡迭代就能找到最小值：梯度下降 θ ← θ − α∇J，或利用曲率、几步即可收敛的牛顿法：",
    "The ROC curve plots the true-positive rate against the false-positive rate as the threshold on P(class 1) "
    "sweeps from 1 to 0; its area (AUC) is the chance that a random positive scores above a random negative.":
        "ROC 曲线描绘 P(类别 1) 的阈值从 1 扫到 0 时真正例率随假正例率的变化；曲线下面积（AUC）"
        "是随机一个正例得分高于随机一个负例的概率。",
    "Cost": "代价函数",
    "(no minus sign)": "（没有负号）",
    "Minimising it": "最小化它",
    "{steps} gradient steps on the article's cost: test accuracy **{accuracy}**, cost {cost} and still falling (it "
    "is unbounded below)":
        "在文章的代价函数上走 {steps} 步梯度下降：测试准确率 **{accuracy}**，代价 {cost} 且仍在下降（它没有下界）",
    "Newton's method on the correct cost: test accuracy **{accuracy}**, cross-entropy {loss}":
        "在正确的代价函数上用牛顿法：测试准确率 **{accuracy}**，交叉熵 {loss}",
    "Solver": "求解方法",
    "the normal equation on the 0/1 labels, read through σ: test accuracy **{accuracy}**, cross-entropy {loss} (as "
    "a line cut at 0.5: {cut_accuracy})":
        "对 0/1 标签用正规方程，再经 σ 解读：测试准确率 **{accuracy}**，交叉熵 {loss}（作为在 0.5 处切分的直线："
        "{cut_accuracy}）",
    "iterative minimisation (gd, sgd, newton): the logistic θ has no closed form":
        "迭代最小化（gd、sgd、newton）：逻辑回归的 θ 没有闭式解",
    "Without its minus sign the cost rewards confident wrong answers, so minimising it learns the labels backwards. "
    "The normal equation fits a straight line to 0/1 labels: that is least squares, not logistic regression. "
    "Numbers computed on the {dataset} data with the current degree.":
        "少了负号，代价函数会奖励自信的错误答案，因此最小化它会把标签学反。正规方程是用直线拟合 0/1 标签："
        "那是最小二乘，不是逻辑回归。以上数字基于 {dataset} 数据和当前的多项式次数计算。",
}

VISION_PAGES: dict[str, str] = {
    # CNN digits
    "A convolutional network learns handwritten digits. Tune it in the sidebar, press **Train**, watch it learn, "
    "then draw a digit and watch the prediction change as you draw.":
        "卷积神经网络学习识别手写数字。在侧边栏调整设置，点击**训练**，观看它学习；然后画一个数字，"
        "看预测随笔画实时变化。",
    "Model size and cost": "模型规模与计算开销",
    "Try it on your own digit": "用你自己的数字试试",
    "Draw a digit, or give a dark digit on light paper or a light one on dark. It is converted the way MNIST digits "
    "were made: grayscale, cropped to the digit, fitted into 20x20 pixels and centred by mass in 28x28.":
        "画一个数字，或提供浅色纸上的深色数字（或深色背景上的浅色数字）。它会按 MNIST 的制作方式转换："
        "灰度化、裁剪到数字、缩放进 20x20 像素，并按质心居中放入 28x28。",
    "What the model sees (28x28)": "模型看到的图像（28x28）",
    "Inside the network": "网络内部",
    # CNN images
    "Train a convolutional network on colour photos (CIFAR-10), clothing (Fashion-MNIST), drawn shapes, or your own "
    "pictures, then show it a picture and see which parts of it the network looked at.":
        "在彩色照片（CIFAR-10）、服饰（Fashion-MNIST）、绘制的图形或你自己的图片上训练卷积神经网络，"
        "然后给它看一张图片，看看网络关注了图片的哪些部分。",
    "Your own dataset": "你自己的数据集",
    "A zip with one folder of images per class (2-20 classes, up to 5,000 images)":
        "一个 zip 文件，每个类别一个图片文件夹（2-20 个类别，最多 5,000 张图片）",
    "Try it on your own picture": "用你自己的图片试试",
    "The picture is centre-cropped to a square and shrunk to {side}x{side} pixels, grayscale, light object on "
    "black, like Fashion-MNIST.":
        "图片会从中心裁剪成正方形并缩小到 {side}x{side} 像素，转为灰度，黑色背景上的浅色物体，与 Fashion-MNIST 一样。",
    "The picture is centre-cropped to a square and shrunk to {side}x{side} pixels, like the training images.":
        "图片会从中心裁剪成正方形并缩小到 {side}x{side} 像素，与训练图像一样。",
    "What the model sees ({side}x{side})": "模型看到的图像（{side}x{side}）",
}

SEQUENCE_PAGES: dict[str, str] = {
    # sentiment
    "Sentiment with recurrent networks": "用循环神经网络做情感分析",
    "A recurrent network reads a sentence word by word and keeps a running summary in its hidden state; LSTM and "
    "GRU add gates that decide what to keep, so a word early on (\"not\") can still matter at the end. The bag of "
    "embeddings averages word vectors and cannot see order at all. Train one, then type a sentence and see which "
    "words swing the verdict.":
        "循环神经网络逐词阅读句子，并在隐藏状态中保存不断更新的摘要；LSTM 和 GRU 增加了门控来决定保留什么，"
        "所以句首的词（如“not”）到句末仍能起作用。词嵌入袋只是平均词向量，完全看不到词序。训练一个模型，"
        "然后输入一个句子，看看哪些词左右了判断。",
    "Dev accuracy": "开发集准确率",
    "Dev loss": "开发集损失",
    "Confusion matrix (dev set)": "混淆矩阵（开发集）",
    "sentence": "句子",
    "true": "真实",
    "predicted": "预测",
    "confidence": "置信度",
    "negative": "负面",
    "positive": "正面",
    "Training... (reopen this section to refresh)": "训练中……（重新打开此部分以刷新）",
    "Train the {model}": "训练 {model}",
    "A CSV with a header row: a text column (text, sentence, review or content) and a label column with two values "
    "(label, sentiment, class or target); UTF-8, up to 10 MB.":
        "带表头行的 CSV：一个文本列（text、sentence、review 或 content）和一个取两个值的标签列"
        "（label、sentiment、class 或 target）；UTF-8 编码，最大 10 MB。",
    "{train} training and {held_out} held-out texts; classes {first} (0) and {second} (1). Trained here with the "
    "sidebar settings.":
        "{train} 条训练文本和 {held_out} 条留出文本；类别为 {first}（0）和 {second}（1）。在此页面上按侧边栏设置训练。",
    "Train on this file": "用这个文件训练",
    "Held-out accuracy": "留出集准确率",
    "Try a sentence on this model": "用这个模型试一个句子",
    "Try your own sentence": "试试你自己的句子",
    "Each word's contribution is how much P(positive) drops when the word is deleted: green words push towards "
    "positive, red towards negative, grey italics are unknown to the model (<unk>).":
        "每个词的贡献是删掉它后 P(positive) 下降了多少：绿色的词推向正面，红色的推向负面，灰色斜体是模型不认识的词（<"
        "unk>）。",
    "A sentence": "一个句子",
    "RNN vs LSTM vs GRU on the same sentence": "同一句子上的 RNN vs LSTM vs GRU",
    "The three cells with every other setting as in the sidebar; each is its own cached run.":
        "三种循环单元，其他设置均与侧边栏相同；每种都是单独缓存的一次训练。",
    "Built-in data": "内置数据",
    # translation
    "Translation with attention": "带注意力机制的机器翻译",
    "The encoder reads the English sentence into one state per word; the decoder writes the French one word at a "
    "time, and at every word **attention** weighs the encoder's states to decide where to look. Without it "
    "(attention = none) the whole sentence must squeeze through one vector. The offline task turns English number "
    "words into French ones, whose rules (soixante et onze, quatre-vingts, deux cents) the model must discover from "
    "examples; it is tested on numbers it never saw.":
        "编码器把英文句子读成每个词一个状态；解码器逐词写出法文，每写一个词，**注意力**都会给编码器的各个状态加权，"
        "决定看向哪里。没有注意力时（attention = none），整个句子必须挤进一个向量。离线任务是把英文数字词译成法文，"
        "模型要从例子中自己发现其规则（soixante et onze、quatre-vingts、deux cents），并在从未见过的数字上测试。",
    "Test BLEU (greedy)": "测试 BLEU（贪心）",
    "sacrebleu corpus BLEU, 0-100.": "sacrebleu 语料级 BLEU，0-100。",
    "Exact translations": "完全正确的译文",
    "Test BLEU (beam {size})": "测试 BLEU（束宽 {size}）",
    "BLEU on the test sentences": "测试句子上的 BLEU",
    "greedy BLEU": "贪心 BLEU",
    "Test translations (mistakes first)": "测试集译文（错误在前）",
    "Translate your own": "翻译你自己的句子",
    "Pick a number (its English words fill the box below)": "选一个数字（它的英文单词会填入下面的输入框）",
    "English": "英文",
    "Translation": "译文",
    "(empty)": "（空）",
    "The rules of French numerals give: {french}": "按法语数词规则应为：{french}",
    "{count} word(s) were never seen in training and read as <unk>.": "{count} 个词在训练中从未出现，被读作 <unk>。",
    "This model has no attention, so there is no attention map: the decoder sees only the encoder's final state. "
    "Choose bahdanau or luong to see where it looks.":
        "这个模型没有注意力，所以没有注意力图：解码器只能看到编码器的最终状态。选择 bahdanau 或 luong 来查看它看向哪"
        "里。",
    "Where the decoder looked": "解码器看向哪里",
    "Row: the word being written; column: the English word; darker = more attention. Each row sums to 1.":
        "行：正在写出的词；列：英文单词；颜色越深注意力越多。每行之和为 1。",
}

GENERATIVE_PAGES: dict[str, str] = {
    # GAN
    "GAN: a forger against a detective": "GAN：伪造者与侦探的较量",
    "The generator G turns random noise z into images; the discriminator D learns to tell them from real ones, and "
    "G learns from D's mistakes. Press **Train** and watch the grid below, drawn every epoch from the same 64 noise "
    "vectors.":
        "生成器 G 把随机噪声 z 变成图像；判别器 D 学习把它们与真实图像区分开，而 G 从 D 的错误中学习。"
        "点击**训练**，观察下方的网格，它每轮都由同样的 64 个噪声向量生成。",
    "The seed article built this MLP GAN (G: 100→256→512→784, D: 784→512→256→1) but fed the noise vector straight "
    "into D and never trained either network; its 'indistinguishable' digits had no measure. Here D sees real "
    "images and G(z), both train, and quality is a number: FID on a digit classifier's features, next to the FID "
    "of real images against real images.":
        "原始文章搭建了这个 MLP GAN（G：100→256→512→784，D：784→512→256→1），却把噪声向量直接输入 D，"
        "而且两个网络都没有训练；它所谓“无法分辨”的数字没有任何度量。这里 D 看到的是真实图像和 G(z)，两个网络都会训练，"
        "质量用数字衡量：基于数字分类器特征的 FID，并与真实图像对真实图像的 FID 并列比较。",
    "The first run on a dataset also trains the small classifier the quality scores use (about 10 s); it is cached "
    "and shared by every later run.":
        "在某个数据集上的第一次训练还会训练质量评分所用的小分类器（约 10 秒）；它会被缓存，之后的训练共用。",
    "The fixed-noise grid and the quality scores appear when the first epoch is done.":
        "第一轮结束后会出现固定噪声网格和质量评分。",
    "Fixed noise after epoch {epoch}": "第 {epoch} 轮后的固定噪声图像",
    "Fréchet distance between Gaussians fitted to the classifier's 64 penultimate features of the generated and the "
    "real test images. Lower is better.":
        "分别对生成图像和真实测试图像在分类器倒数第二层的 64 个特征上拟合高斯分布，两者之间的 Fréchet 距离。越低越好。",
    "Real vs real baseline": "真实 vs 真实基线",
    "The same FID for real training images against the test set, with the same number of images: what a perfect "
    "generator would score.":
        "用相同数量的真实训练图像对测试集计算的同一 FID：即完美生成器能得到的分数。",
    "Mean max-probability": "平均最大概率",
    "real images: {value}": "真实图像：{value}",
    "How sure the classifier is about the generated images, on average (goal ≥ 90 %).":
        "分类器对生成图像的平均把握程度（目标 ≥ 90 %）。",
    "Class entropy": "类别熵",
    "{value} bits": "{value} 比特",
    "Entropy of the predicted-class histogram (uniform over {classes} classes: {uniform} bits; mode collapse drives "
    "it down; goal ≥ 3.1).":
        "预测类别直方图的熵（在 {classes} 个类别上均匀分布时为 {uniform} 比特；模式崩溃会使它下降；目标 ≥ 3.1）。",
    "Which classes does G draw?": "G 画的是哪些类别？",
    "{count} generated images, classified by the same classifier. A GAN that collapses onto a few modes draws some "
    "classes rarely or never.":
        "{count} 张生成图像，由同一个分类器分类。发生模式崩溃、只集中在少数模式上的 GAN 会很少甚至从不画出某些类别。",
    "Back through training": "回顾训练过程",
    "The same 64 noise vectors after epoch {epoch}": "同样的 64 个噪声向量在第 {epoch} 轮后的结果",
    "Download the animation (GIF)": "下载动画（GIF）",
    "Play with the latent space": "玩转潜在空间",
    "Interpolate between two seeds": "在两个种子之间插值",
    "Seed A": "种子 A",
    "Seed B": "种子 B",
    "Straight line from z(A) to z(B)": "从 z(A) 到 z(B) 的直线",
    "Generate": "生成",
    "How many": "数量",
    "Noise seed": "噪声种子",
    "Ask the discriminator": "问问判别器",
    "An image of a digit (PNG, JPEG, WebP, BMP or GIF)": "一张数字图片（PNG、JPEG、WebP、BMP 或 GIF）",
    "real": "真实",
    "generated": "生成",
    "D says: **{verdict}**": "D 的判断：**{verdict}**",
    "(higher = more real).": "（越高越像真实图像）。",
    # VAE
    "Variational autoencoder": "变分自编码器",
    "The encoder squeezes each image into a small Gaussian cloud in latent space; the decoder turns any point back "
    "into an image. Training maximises the ELBO = reconstruction log-likelihood − KL to the prior N(0, I). With a "
    "2-D latent space you can see, and walk, the whole space.":
        "编码器把每张图像压缩成潜在空间中的一小团高斯云；解码器把任意一点还原成图像。训练最大化 ELBO = 重构对数似然 − "
        "到先验 N(0, I) 的 KL 散度。潜在空间为二维时，你可以看到并漫游整个空间。",
    "The ELBO split and the reconstructions appear when the first epoch is done.":
        "第一轮结束后会出现 ELBO 的拆分和重构图像。",
    "Top: test images. Bottom: decoded from their latent means.": "上：测试图像。下：由它们的潜在均值解码得到。",
    "Test −ELBO": "测试 −ELBO",
    "{value} nats": "{value} 奈特",
    "Negative ELBO per test image (β = 1), an upper bound on −log p(x). Lower is better.":
        "每张测试图像的负 ELBO（β = 1），是 −log p(x) 的上界。越低越好。",
    "Reconstruction": "重构",
    "−E_q[log p(x|z)]: BCE summed over pixels.": "−E_q[log p(x|z)]：对所有像素求和的二元交叉熵。",
    "KL to the prior": "到先验的 KL 散度",
    "KL(q(z|x) ‖ N(0, I)): the price of the code.": "KL(q(z|x) ‖ N(0, I))：编码的代价。",
    "principal direction 1": "主方向 1",
    "principal direction 2": "主方向 2",
    "The latent space": "潜在空间",
    "Encode your own digit (PNG, JPEG, WebP, BMP or GIF)": "编码你自己的数字（PNG、JPEG、WebP、BMP 或 GIF）",
    "Your digit, MNIST-style": "你的数字（MNIST 风格）",
    "Its reconstruction": "它的重构",
    "−ELBO of your digit": "你的数字的 −ELBO",
    "Test images average {average}; much higher means unlike the data.":
        "测试图像的平均值为 {average}；高出很多说明它不像训练数据。",
    "Latent means of {count} test images. Click a point, or drag a box, to see its images.":
        "{count} 张测试图像的潜在均值。点击一个点或拖出一个框，查看对应的图像。",
    "Latent means of {count} test images (projected). Click a point, or drag a box, to see its images.":
        "{count} 张测试图像的潜在均值（投影后）。点击一个点或拖出一个框，查看对应的图像。",
    "{count} selected: originals above, reconstructions below": "已选中 {count} 个：上为原图，下为重构",
    "Nothing selected yet.": "尚未选择任何点。",
    "The latent manifold": "潜在流形",
    "Grid size": "网格大小",
    "Range (standard deviations of the prior)": "范围（先验的标准差倍数）",
    "Decoded points on an even grid": "均匀网格上各点的解码结果",
    "Decoded points on an even grid in the principal plane": "主平面内均匀网格上各点的解码结果",
    "Interpolate between two test images": "在两张测试图像之间插值",
    "First test image #": "第一张测试图像编号",
    "Second test image #": "第二张测试图像编号",
    "From a {first} to a {second}, decoded along a line": "从 {first} 到 {second}，沿直线解码",
}

PAGES: dict[str, str] = {**LINREG, **LOGREG, **VISION_PAGES, **SEQUENCE_PAGES, **GENERATIVE_PAGES}
