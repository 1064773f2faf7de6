"""简体中文 for the config fields' help texts (the tooltips of the settings sidebar), by demo. Merged into
`core.translations_zh.ZH`. A help text shared by several demos appears once, under the first demo that uses it.
"""

LINEAR_MODELS: dict[str, str] = {
    # linear regression
    "line: y = 2 + 1.5x + noise; polynomial: a cubic plus noise; outliers: the line with 5 % of training points "
    "pushed far up; diabetes: scikit-learn's 442 patients, 10 features; correlated: 20 correlated Gaussian features "
    "(the benchmark); seed: the seed article's 3-point example.":
        "line：y = 2 + 1.5x + 噪声；polynomial：三次多项式加噪声；outliers：在直线数据上把 5 % 的训练点推到远处；"
        "diabetes：scikit-learn 的 442 名患者、10 个特征；correlated：20 个相关的高斯特征（基准测试用）；"
        "seed：原始文章中的 3 点示例。",
    "Training examples of the generated sets (the test set adds a quarter as many); ignored by diabetes and seed.":
        "生成数据集的训练样本数（测试集另加其四分之一）；diabetes 和 seed 忽略此项。",
    "Standard deviation of the Gaussian noise added to y in the generated sets (units of y), 0 to 5.":
        "生成数据集中加到 y 上的高斯噪声标准差（以 y 为单位），0 到 5。",
    "Polynomial features: every product of up to this many inputs (1 = plain linear regression); at most 1,000 "
    "features.":
        "多项式特征：最多这么多个输入的所有乘积（1 = 普通线性回归）；最多 1,000 个特征。",
    "Fit an intercept b (never penalised). The seed example has none: its θ has two entries.":
        "拟合截距 b（从不加惩罚）。seed 示例没有截距：它的 θ 只有两个分量。",
    "Ridge strength λ in J = 1/(2m)·Σ error² + λ/2·‖w‖², on the weights of the standardised features; 0 = "
    "ordinary least squares.":
        "岭回归强度 λ，J = 1/(2m)·Σ 误差² + λ/2·‖w‖²，作用于标准化特征的权重；0 = 普通最小二乘。",
    "normal: the exact least-squares solution in one step (lstsq); gd: batch gradient descent; sgd: minibatch "
    "stochastic gradient descent.":
        "normal：一步得到最小二乘精确解（lstsq）；gd：批量梯度下降；sgd：小批量随机梯度下降。",
    "Step size α in θ ← θ − α·∇J. Stable below 2/L (L, the loss's curvature, is shown on the page; about 1 for one "
    "standardised input); above it GD diverges.":
        "θ ← θ − α·∇J 中的步长 α。小于 2/L 时稳定（L 是损失的曲率，显示在页面上；单个标准化输入时约为 1）；"
        "超过它梯度下降会发散。",
    "Use α = 1/L, computed from the training data, instead of lr.":
        "使用由训练数据算出的 α = 1/L，代替设定的学习率。",
    "Heavy-ball momentum β for gd/sgd: v ← βv + ∇J, θ ← θ − αv; 0 = plain descent.":
        "gd/sgd 的重球动量 β：v ← βv + ∇J，θ ← θ − αv；0 = 普通梯度下降。",
    "Examples per sgd step.": "每个 sgd 步使用的样本数。",
    "gd steps per epoch (the charts update once per epoch). sgd: an epoch is one pass over the data.":
        "每轮的 gd 步数（图表每轮更新一次）。sgd：一轮即遍历一次数据。",
    "Epochs to train; the normal equation needs one.": "训练的轮次；正规方程只需一轮。",
    "Step size over the run: constant, or a cosine decay to 0 (lets sgd settle instead of jittering around the "
    "minimum).":
        "整个训练过程中的步长：恒定，或余弦衰减到 0（让 sgd 稳定下来，而不是在最小值附近抖动）。",
    "Random seed for the generated data, the train/test split and sgd's shuffling.":
        "用于生成数据、划分训练/测试集以及 sgd 打乱顺序的随机种子。",
    # logistic regression
    "moons, circles, blobs, xor: two classes of 2-D points; breast_cancer: scikit-learn's 569 tumours, 30 features "
    "(malignant vs benign).":
        "moons、circles、blobs、xor：两类二维点；breast_cancer：scikit-learn 的 569 个肿瘤样本、30 个特征"
        "（恶性 vs 良性）。",
    "Training points of the 2-D sets (the test set adds a quarter as many); ignored by breast_cancer.":
        "二维数据集的训练点数（测试集另加其四分之一）；breast_cancer 忽略此项。",
    "Standard deviation of the Gaussian noise on the 2-D points (moons, circles, xor); blobs: cluster spread 0.5 + "
    "2·noise. Ignored by breast_cancer.":
        "二维点上高斯噪声的标准差（moons、circles、xor）；blobs：簇的离散度为 0.5 + 2·噪声。breast_cancer 忽略此项。",
    "Polynomial features: every product of up to this many inputs. 1 gives a straight boundary; moons and circles "
    "need 2-3.":
        "多项式特征：最多这么多个输入的所有乘积。1 得到直线边界；moons 和 circles 需要 2-3。",
    "λ in J = cross-entropy + λ/2·‖w‖² (standardised features, intercept not penalised). λ = 1/(C·m) is "
    "scikit-learn's C; 0 lets the weights grow forever on separable data.":
        "J = 交叉熵 + λ/2·‖w‖² 中的 λ（特征已标准化，截距不加惩罚）。λ = 1/(C·m)，C 即 scikit-learn 的 C；"
        "为 0 时在线性可分数据上权重会无限增长。",
    "gd: batch gradient descent; sgd: minibatch stochastic gradient descent; newton: Newton's method (one step per "
    "epoch, converges in a handful).":
        "gd：批量梯度下降；sgd：小批量随机梯度下降；newton：牛顿法（每轮一步，几步即收敛）。",
    "Step size α in θ ← θ − α·∇J for gd/sgd. Stable below 2/L (L, the loss's largest curvature, is shown on the "
    "page).":
        "gd/sgd 中 θ ← θ − α·∇J 的步长 α。小于 2/L 时稳定（L 是损失的最大曲率，显示在页面上）。",
    "gd steps per epoch (the boundary redraws once per epoch). sgd: an epoch is one pass; newton: one step.":
        "每轮的 gd 步数（决策边界每轮重绘一次）。sgd：一轮即遍历一次数据；newton：一步。",
    "Epochs to train.": "训练的轮次。",
    "Step size over the run: constant, or a cosine decay to 0.": "整个训练过程中的步长：恒定，或余弦衰减到 0。",
    "Random seed for the generated points, the split and sgd's shuffling.":
        "用于生成数据点、划分数据集以及 sgd 打乱顺序的随机种子。",
}

VISION: dict[str, str] = {
    # CNN digits
    "Training data. digits: bundled, no download; mnist-10k: local files; mnist: 70,000 images, downloaded on "
    "first use.":
        "训练数据。digits：内置，无需下载；mnist-10k：本地文件；mnist：70,000 张图像，首次使用时下载。",
    "fastnet: 3 conv blocks with BatchNorm; seed: the seed article's one-conv CNN (flatten size corrected); lenet5: "
    "LeCun et al. 1998.":
        "fastnet：3 个带批归一化的卷积块；seed：原始文章中只有一个卷积层的 CNN（已修正展平尺寸）；"
        "lenet5：LeCun 等人 1998 年的网络。",
    "Channels of the first conv layer (fastnet doubles it per block; seed uses it as its only conv width). Cost "
    "grows with its square.":
        "第一个卷积层的通道数（fastnet 每个块翻倍；seed 把它作为唯一卷积层的宽度）。计算量随其平方增长。",
    "Dropout before the classifier, 0 to 0.8.": "分类器之前的 Dropout 比例，0 到 0.8。",
    "sgd: Nesterov momentum 0.9; adam: Adam with default betas.": "sgd：Nesterov 动量 0.9；adam：默认 β 的 Adam。",
    "Peak learning rate (per step, before the schedule). Adam wants ~0.001-0.01.":
        "峰值学习率（每步，调度之前）。Adam 适合约 0.001-0.01。",
    "Learning-rate schedule over all steps: onecycle = linear warm-up to the peak over 25 %, then linear decay to "
    "zero.":
        "覆盖全部步数的学习率调度：onecycle = 前 25 % 线性预热到峰值，然后线性衰减到零。",
    "Images per optimizer step.": "每个优化步的图像数。",
    "Passes over the training images.": "遍历训练图像的次数。",
    "L2 penalty (decoupled for adam).": "L2 惩罚（adam 使用解耦形式）。",
    "Share of the target probability spread over the other classes.": "分摊到其他类别上的目标概率比例。",
    "Random affine warp per image: rotate up to 10 degrees, scale 0.9-1.1, shift up to 2 px.":
        "对每张图像做随机仿射变换：旋转最多 10 度，缩放 0.9-1.1，平移最多 2 像素。",
    "Stop after this many epochs without a better validation accuracy (10 % of the training images are held out "
    "when > 0); 0 = off.":
        "验证准确率连续这么多轮没有提升就停止（大于 0 时留出 10 % 的训练图像做验证）；0 = 关闭。",
    "Random seed for initialisation and shuffling.": "用于初始化和打乱顺序的随机种子。",
    # CNN images
    "cifar10: 60,000 colour photos, 10 classes (download ~170 MB); fashion-mnist: 70,000 clothing images (~30 MB); "
    "shapes: drawn on the fly, no download; upload: your zip of class folders (set on the page).":
        "cifar10：60,000 张彩色照片，10 个类别（下载约 170 MB）；fashion-mnist：70,000 张服饰图像（约 30 MB）；"
        "shapes：即时绘制，无需下载；upload：你上传的按类别分文件夹的 zip（在页面上设置）。",
    "Id of an uploaded zip dataset (the page fills it in; its last two digits are the number of classes). Used only "
    "when dataset = upload; 0 = none.":
        "上传的 zip 数据集编号（由页面填写；最后两位是类别数）。仅在 dataset = upload 时使用；0 = 无。",
    "airbench: whitening conv + 3 conv blocks (w, 4w, 4w), after airbench94; resnet: 3 residual blocks (w, 2w, 4w); "
    "seed: one conv + 2 dense layers; lenet5: 1998.":
        "airbench：白化卷积 + 3 个卷积块（w、4w、4w），仿照 airbench94；resnet：3 个残差块（w、2w、4w）；"
        "seed：一个卷积层 + 2 个全连接层；lenet5：1998 年的网络。",
    "Channels of the first block (airbench, resnet) or the only conv (seed). Compute grows with its square.":
        "第一个块（airbench、resnet）或唯一卷积层（seed）的通道数。计算量随其平方增长。",
    "Peak learning rate of SGD with Nesterov momentum 0.9 (per mean-loss step). 0.4 suits airbench and resnet; the "
    "seed CNN needs about 0.05 (at 0.4 it does not learn).":
        "带 Nesterov 动量 0.9 的 SGD 的峰值学习率（按平均损失计的每步）。0.4 适合 airbench 和 resnet；seed CNN 需要约 "
        "0.05（0.4 时学不到东西）。",
    "L2 penalty on the weights.": "权重上的 L2 惩罚。",
    "Random horizontal flip and a random shift of up to 2 pixels per image.":
        "对每张图像随机水平翻转，并随机平移最多 2 像素。",
    "Test-time augmentation: average the logits of each test image and its mirror image.":
        "测试时增强：对每张测试图像及其镜像的 logits 取平均。",
    "NHWC memory layout: faster convolutions on CUDA tensor cores and with oneDNN on CPUs (1.8x on this project's "
    "2-core machine).":
        "NHWC 内存布局：在 CUDA 张量核心上和 CPU 的 oneDNN 中卷积都更快（在本项目的双核机器上快 1.8 倍）。",
    "CPU, airbench and resnet: bf16 autocast while training where the processor computes bf16 natively (AVX-512 "
    "BF16 or AMX; about 1.6x faster), with BatchNorm kept in float32. Checked on MNIST: same accuracy as float32. "
    "seed and lenet5 train in float32. CUDA always uses bf16.":
        "仅 CPU，airbench 和 resnet：在原生支持 bf16 的处理器（AVX-512 BF16 或 AMX）上训练时使用 bf16 自动混合精度"
        "（约快 1.6 倍），BatchNorm 保持 float32。在 MNIST 上检查过：准确率与 float32 相同。seed 和 lenet5 用 "
        "float32 训练。CUDA 总是用 bf16。",
    "CUDA only: torch.compile the model (about a minute of compiling before the first step; it is not counted as "
    "training time here).":
        "仅 CUDA：用 torch.compile 编译模型（第一步之前约需一分钟编译；这里不计入训练时间）。",
}

SEQUENCES: dict[str, str] = {
    # sentiment
    "word-order: generated sentences whose label depends on word order (no download); sst2: Stanford Sentiment "
    "Treebank, 67,349 phrases, tested on 872 dev sentences.":
        "word-order：生成的句子，其标签取决于词序（无需下载）；sst2：斯坦福情感树库，67,349 个短语，"
        "在 872 个开发集句子上测试。",
    "gru / lstm: gated recurrent networks; rnn: vanilla tanh RNN (no gates); boe: bag of embeddings, the average of "
    "word vectors (ignores word order).":
        "gru / lstm：门控循环网络；rnn：普通 tanh RNN（无门控）；boe：词嵌入袋，即词向量的平均（忽略词序）。",
    "Read the sentence both ways and join the two summaries (recurrent models only).":
        "正反两个方向阅读句子并拼接两个摘要（仅循环模型）。",
    "Stacked recurrent layers (recurrent models only).": "堆叠的循环层数（仅循环模型）。",
    "Size of each word vector.": "每个词向量的维度。",
    "Hidden state size per direction (recurrent models).": "每个方向的隐藏状态大小（循环模型）。",
    "Sentence summary: max or mean over the hidden states of every word, or the final hidden state only.":
        "句子摘要：对每个词的隐藏状态取最大值或平均值，或只用最后一个隐藏状态。",
    "Dropout on word vectors and on the summary.": "作用于词向量和句子摘要的 Dropout。",
    "Length cap in tokens: longer texts are cut.": "以词元计的长度上限：更长的文本会被截断。",
    "Largest vocabulary (most frequent training words); other words read as <unk>.":
        "最大词表（训练集中最常见的词）；其他词读作 <unk>。",
    "A word needs this many training occurrences to get its own vector.":
        "一个词在训练集中至少出现这么多次才有自己的向量。",
    "Peak Adam learning rate (per step).": "Adam 的峰值学习率（每步）。",
    "Learning-rate schedule over all steps (onecycle: warm-up 25 %, then linear decay).":
        "覆盖全部步数的学习率调度（onecycle：预热 25 %，然后线性衰减）。",
    "Decoupled weight decay (AdamW).": "解耦权重衰减（AdamW）。",
    "Sentences per optimizer step.": "每个优化步的句子数。",
    "Passes over the training sentences.": "遍历训练句子的次数。",
    "Networks trained side by side (own initialisation and shuffles); the verdict averages their probabilities. "
    "More = steadier accuracy, proportionally slower.":
        "并排训练的网络个数（各自的初始化和打乱顺序）；结论取它们概率的平均。越多准确率越稳定，耗时按比例增加。",
    # translation
    "numbers: English number words -> French (generated, no download); eng-fra: PyTorch tutorial's short "
    "English-French sentence pairs (downloaded).":
        "numbers：英文数字词 -> 法文（生成，无需下载）；eng-fra：PyTorch 教程中的英法短句对（需下载）。",
    "numbers only: largest number (0 up to this).": "仅 numbers：最大的数字（从 0 到此值）。",
    "Training pairs (numbers: drawn from those not held out for testing).":
        "训练句对数（numbers：从未留作测试的数字中抽取）。",
    "Recurrent cell of encoder and decoder.": "编码器和解码器的循环单元。",
    "bahdanau: additive score from the previous decoder state; luong: general (bilinear) score from the current "
    "one; none: the final encoder state only.":
        "bahdanau：用解码器上一个状态计算加性得分；luong：用当前状态计算一般（双线性）得分；none："
        "只用编码器的最终状态。",
    "Decoder state size (the encoder uses half per direction).": "解码器状态大小（编码器每个方向使用一半）。",
    "Dropout on word vectors and decoder outputs.": "作用于词向量和解码器输出的 Dropout。",
    "Chance that the decoder is fed the true previous word in training, rather than its own guess.":
        "训练时给解码器输入真实的前一个词（而不是它自己的猜测）的概率。",
    "Beam width for the final report and your input; 1 = greedy.": "最终报告和你的输入所用的束宽；1 = 贪心解码。",
    "Length cap in tokens for sources and translations.": "源句和译文以词元计的长度上限。",
    "Largest vocabulary per language.": "每种语言的最大词表。",
    "Sentence pairs per optimizer step.": "每个优化步的句对数。",
    "Passes over the training pairs.": "遍历训练句对的次数。",
    "Random seed for initialisation, shuffling and the train draw.": "用于初始化、打乱顺序和抽取训练集的随机种子。",
}

GENERATIVE: dict[str, str] = {
    # GAN
    "Training data. digits: bundled, no download; mnist-10k: local files; mnist and fashion-mnist: 70,000 images "
    "each, downloaded on first use.":
        "训练数据。digits：内置，无需下载；mnist-10k：本地文件；mnist 和 fashion-mnist：各 70,000 张图像，"
        "首次使用时下载。",
    "mlp: the seed's G 100→256→512→784 and D 784→512→256→1 (LeakyReLU 0.2, tanh output); dcgan: transposed "
    "convolutions 7→14→28 with BatchNorm in G, strided convolutions in D.":
        "mlp：原始文章的 G 100→256→512→784 与 D 784→512→256→1（LeakyReLU 0.2，tanh 输出）；"
        "dcgan：G 使用带批归一化的转置卷积 7→14→28，D 使用步幅卷积。",
    "bce: the original (non-saturating) GAN loss; wgan-gp: Wasserstein critic with a gradient penalty (use d_steps "
    "5, betas 0 and 0.9).":
        "bce：原始（非饱和）GAN 损失；wgan-gp：带梯度惩罚的 Wasserstein 评判器（建议 d_steps 为 5，β 为 0 和 0.9）。",
    "Size of the noise vector z ~ N(0, I) (the seed used 100).": "噪声向量 z ~ N(0, I) 的维度（原始文章用 100）。",
    "dcgan only: D's first conv channels; G's layers use 4x and 2x this width.":
        "仅 dcgan：D 第一个卷积层的通道数；G 的各层使用此宽度的 4 倍和 2 倍。",
    "Generator's Adam learning rate.": "生成器的 Adam 学习率。",
    "Discriminator's Adam learning rate.": "判别器的 Adam 学习率。",
    "Adam's β1 for both networks (DCGAN: 0.5).": "两个网络共用的 Adam β1（DCGAN：0.5）。",
    "Adam's β2 for both networks.": "两个网络共用的 Adam β2。",
    "Discriminator updates (each on a fresh real batch) per generator update.":
        "每次更新生成器时判别器的更新次数（每次使用新的一批真实图像）。",
    "bce only: one-sided smoothing, real images get target 1 − this.":
        "仅 bce：单侧平滑，真实图像的目标值为 1 − 此值。",
    "wgan-gp only: λ of the gradient penalty.": "仅 wgan-gp：梯度惩罚的 λ。",
    "Decay per step of an exponential moving average of G's weights; samples, grids and scores come from the "
    "average (smoother than the last step's G). 0 = off.":
        "每步对 G 的权重做指数移动平均的衰减系数；样本、网格和评分都来自这个平均（比最后一步的 G 更平滑）。0 = 关闭。",
    "Images per update (real and generated each).": "每次更新的图像数（真实和生成的各这么多）。",
    "Passes over the training images by the discriminator.": "判别器遍历训练图像的次数。",
    "Random seed for initialisation, shuffling and the noise.": "用于初始化、打乱顺序和噪声的随机种子。",
    # VAE
    "mlp: 784-h-h-z encoder and its mirror; conv: two stride-2 convolutions (28->14->7) then a dense layer of "
    "`hidden` units, and the mirror with transposed convolutions.":
        "mlp：784-h-h-z 编码器及其镜像解码器；conv：两个步幅为 2 的卷积（28->14->7）接一个 `hidden` 个单元的全连接层，"
        "解码器是用转置卷积构成的镜像。",
    "Size of z. 2 lets you see the latent space as a picture; more dimensions reconstruct better.":
        "z 的维度。为 2 时可以把潜在空间画成一张图；维度越多重构越好。",
    "Units of the dense hidden layers.": "全连接隐藏层的单元数。",
    "conv only: channels of the first convolution (doubled in the second).":
        "仅 conv：第一个卷积的通道数（第二个翻倍）。",
    "Nonlinearity between layers. silu (x·sigmoid(x)) is smooth; in the MNIST benchmark it gave the conv VAE a test "
    "loss about 1.6 nats lower than relu.":
        "层与层之间的非线性函数。silu（x·sigmoid(x)）是光滑的；在 MNIST 基准中它让 conv VAE 的测试损失"
        "比 relu 低约 1.6 nat。",
    "Weight of the KL term while training (1 = the ELBO; > 1 = β-VAE, smoother latent space, blurrier pictures). "
    "The reported test loss always uses 1.":
        "训练时 KL 项的权重（1 = ELBO；> 1 = β-VAE，潜在空间更平滑，图像更模糊）。报告的测试损失始终使用 1。",
    "Share of the training steps over which β ramps linearly from 0; 0 = off.":
        "β 从 0 线性增长所占训练步数的比例；0 = 关闭。",
    "Augmentation: shift each training image by a random whole number of pixels, up to this many in each direction "
    "(0 = off). Whole-pixel shifts keep the grey levels exact, so the ELBO stays comparable.":
        "数据增强：把每张训练图像随机平移整数个像素，每个方向最多这么多（0 = 关闭）。整像素平移保持灰度值不变，"
        "因此 ELBO 仍可比较。",
    "Peak Adam learning rate (before the schedule).": "Adam 的峰值学习率（调度之前）。",
    "Draws of z per test image when estimating the ELBO's reconstruction term (more = less noise, same "
    "expectation).":
        "估计 ELBO 重构项时每张测试图像抽取 z 的次数（越多噪声越小，期望不变）。",
    "Random seed for initialisation, shuffling and z draws.": "用于初始化、打乱顺序和抽取 z 的随机种子。",
}
