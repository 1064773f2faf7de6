"""简体中文 for what the demo registry shows: menu groups, demo titles and summaries, config field labels (the
field name with spaces) and config help texts. Merged into `core.translations_zh.ZH`.

Labels are shared by every demo that has a field of that name, so one entry serves them all.
"""

GROUPS_AND_DEMOS: dict[str, str] = {
    # menu groups
    "Classic ML": "经典机器学习",
    "Vision": "计算机视觉",
    "Sequences": "序列模型",
    "Generative": "生成模型",
    "Learning paradigms": "学习范式",
    "Runs": "训练记录",
    # demo titles and summaries
    "Linear regression": "线性回归",
    "Fit a line, a polynomial or your own CSV: the normal equation, gradient descent and SGD, step by step.":
        "拟合直线、多项式或你自己的 CSV：正规方程、梯度下降和 SGD，一步一步看清楚。",
    "Logistic regression": "逻辑回归",
    "Separate two classes with a linear model on polynomial features: gradient descent, SGD and Newton, live "
    "decision boundary, ROC curve.":
        "在多项式特征上用线性模型区分两个类别：梯度下降、SGD 和牛顿法，实时决策边界与 ROC 曲线。",
    "CNN digits": "CNN 手写数字",
    "Train a convolutional network on handwritten digits, then test it on your own drawing or photo.":
        "在手写数字上训练卷积神经网络，再用你自己画的数字或拍的照片来测试它。",
    "CNN images": "CNN 图像分类",
    "Train image classifiers on CIFAR-10, Fashion-MNIST or your own photos and look inside the network.":
        "在 CIFAR-10、Fashion-MNIST 或你自己的照片上训练图像分类器，并观察网络内部。",
    "Sentiment (RNN, LSTM, GRU)": "情感分析（RNN、LSTM、GRU）",
    "Train a recurrent network to read film reviews, then see which of your words swing its verdict.":
        "训练循环神经网络阅读影评，再看看你句子中的哪些词左右了它的判断。",
    "Translation (seq2seq + attention)": "机器翻译（seq2seq + 注意力）",
    "An encoder-decoder with attention learns to translate; see where it looks for each word it writes.":
        "带注意力机制的编码器-解码器学习翻译；看它每写一个词时关注的是哪里。",
    "GAN": "生成对抗网络（GAN）",
    "Watch a generator learn to forge digits against a discriminator, with an honest quality score.":
        "观看生成器在与判别器的对抗中学会伪造数字，并给出客观的质量评分。",
    "VAE": "变分自编码器（VAE）",
    "A variational autoencoder compresses digits into a few numbers; walk its latent space and see the ELBO split "
    "into reconstruction and KL.":
        "变分自编码器把数字压缩成几个数；在它的潜在空间中漫游，并看 ELBO 拆分为重构项和 KL 项。",
    "Self-supervised learning": "自监督学习",
    "Learn features from unlabelled digits by contrasting two views of each, then classify with a handful of labels "
    "and compare with a network trained on those labels alone.":
        "通过对比每张无标签数字图像的两个视图来学习特征，再只用少量标签做分类，并与仅用这些标签训练的网络比较。",
    "Reuse a pretrained network's features for a new task with a few labels per class, and see how much it beats a "
    "network trained from scratch on the same labels.":
        "把预训练网络的特征用于一个每类只有少量标签的新任务，看看它比用同样标签从零训练的网络好多少。",
    "Train one digit classifier across simulated clients that never share their data (FedAvg), with IID or skewed "
    "splits, against centralised training.":
        "在从不共享数据的模拟客户端之间共同训练一个数字分类器（FedAvg），数据划分可以是 IID 或有偏的，"
        "并与集中式训练对比。",
    "Reinforcement learning": "强化学习",
    "PPO or DQN learns CartPole or Acrobot by trial and error: live episode returns, and an episode of the current "
    "policy (or a random one) played as an animation.":
        "PPO 或 DQN 通过试错学会 CartPole 或 Acrobot：实时显示每回合的回报，并以动画播放当前策略（或随机策略）"
        "的一个回合。",
}

LABELS: dict[str, str] = {
    # config field labels (field names with spaces)
    "dataset": "数据集",
    "n samples": "样本数",
    "noise": "噪声",
    "degree": "多项式次数",
    "intercept": "截距",
    "l2": "L2 正则",
    "solver": "求解器",
    "lr": "学习率",
    "auto lr": "自动学习率",
    "momentum": "动量",
    "batch size": "批大小",
    "iters per epoch": "每轮迭代数",
    "epochs": "轮次",
    "ensemble": "集成网络数",
    "schedule": "学习率调度",
    "seed": "随机种子",
    "arch": "网络结构",
    "width": "宽度",
    "activation": "激活函数",
    "g ema": "G 的移动平均",
    "dropout": "Dropout",
    "optimizer": "优化器",
    "weight decay": "权重衰减",
    "label smoothing": "标签平滑",
    "augment": "数据增强",
    "early stopping": "早停",
    "upload id": "上传编号",
    "tta": "测试时增强（TTA）",
    "channels last": "通道在后（channels last）",
    "cpu bf16": "CPU 上用 bf16",
    "compile": "编译（torch.compile）",
    "model": "模型",
    "bidirectional": "双向",
    "layers": "层数",
    "embed dim": "嵌入维度",
    "hidden": "隐藏层大小",
    "pooling": "池化方式",
    "max len": "最大长度",
    "max vocab": "最大词表",
    "min freq": "最小词频",
    "max number": "最大数字",
    "train pairs": "训练句对数",
    "cell": "循环单元",
    "attention": "注意力",
    "teacher forcing": "教师强制",
    "beam size": "束宽",
    "loss": "损失函数",
    "latent dim": "潜在维度",
    "g lr": "生成器学习率",
    "d lr": "判别器学习率",
    "beta1": "β1",
    "beta2": "β2",
    "d steps": "判别器步数",
    "gp weight": "梯度惩罚权重",
    "beta": "β",
    "kl warmup": "KL 预热",
    "shift": "平移",
    "eval samples": "评估采样数",
    "labels per class": "每类标签数",
    "projection dim": "投影维度",
    "temperature": "温度",
    "crop min": "最小裁剪比例",
    "rotate": "旋转",
    "elastic": "弹性形变",
    "supervised lr": "有监督学习率",
    "probe l2": "线性探针 L2",
    "supervised augment": "有监督基线数据增强",
    "env": "环境",
    "algorithm": "算法",
    "num envs": "环境数",
    "rollouts": "采样轮数（rollouts）",
    "rollout steps": "每轮采样步数",
    "gamma": "折扣因子 γ",
    "gae lambda": "GAE λ",
    "update epochs": "更新遍数",
    "minibatches": "小批量数",
    "clip": "裁剪系数",
    "clip value": "裁剪价值",
    "ent coef": "熵系数",
    "vf coef": "价值损失系数",
    "max grad norm": "最大梯度范数",
    "buffer size": "回放缓冲区大小",
    "learning starts": "开始学习步数",
    "train freq": "训练频率",
    "target every": "目标网络更新间隔",
    "tau": "τ",
    "eps start": "初始 ε",
    "eps end": "最终 ε",
    "exploration": "探索阶段",
    "eval episodes": "评估回合数",
    "backbone": "骨干网络",
    "mode": "模式",
    "pretrain epochs": "预训练轮次",
    "image size": "图像尺寸",
    "block lr": "末层块学习率",
    "curve": "标签数曲线",
    "clients": "客户端数",
    "partition": "数据划分",
    "alpha": "α",
    "shards per client": "每客户端分片数",
    "client fraction": "客户端比例",
    "local epochs": "本地轮次",
    "server momentum": "服务器动量",
    "clip norm": "裁剪范数",
    "noise multiplier": "噪声倍数",
}
