"""简体中文 for the config fields' help texts of the paradigm demos (self-supervised, reinforcement, transfer and
federated learning). Merged into `core.translations_zh.ZH`, like core/translations_zh_help.py, which holds the
other demos' help texts (a text shared with those appears there, once).
"""

PARADIGMS: dict[str, str] = {
    # self-supervised learning
    "Images. digits: bundled, no download; mnist-10k: local files (8,000 unlabelled training images, 2,000 test); "
    "mnist: 70,000 images, downloaded on first use.":
        "图像。digits：内置，无需下载；mnist-10k：本地文件（8,000 张无标签训练图像，2,000 张测试图像）；"
        "mnist：70,000 张图像，首次使用时下载。",
    "K: labelled training images per class, the same ones for the probe and the supervised baseline. Contrastive "
    "learning uses all images, unlabelled.":
        "K：每类有标签的训练图像数，线性探针和有监督基线使用同一批。对比学习使用全部图像，不用标签。",
    "Channels of the encoder's first conv block (then 2x, 4x); the embedding has 4x this many numbers. Both models "
    "use this encoder.":
        "编码器第一个卷积块的通道数（之后为 2 倍、4 倍）；嵌入向量的维度是它的 4 倍。两个模型使用同一编码器。",
    "Output size of the projection head (a 2-layer MLP after the encoder) on which NT-Xent is computed; the probe "
    "uses the encoder's output instead.":
        "投影头（编码器之后的 2 层 MLP）的输出维度，NT-Xent 在其上计算；线性探针则使用编码器的输出。",
    "NT-Xent temperature: cosine similarities are divided by it before the softmax. Lower = harder focus on the "
    "closest negatives.":
        "NT-Xent 温度：余弦相似度在 softmax 之前除以它。越低越集中关注最接近的负样本。",
    "Random resized crop: smallest window, as a share of the image's area (1 = no crop).":
        "随机缩放裁剪：最小窗口占图像面积的比例（1 = 不裁剪）。",
    "Random rotation of each view, up to this many degrees either way.": "每个视图的随机旋转，正反方向最多这么多度。",
    "Elastic warp: typical displacement in pixels of a smooth random field.":
        "弹性形变：平滑随机场的典型位移（像素）。",
    "Gaussian pixel noise (std on the 0-1 scale).": "像素高斯噪声（0-1 刻度上的标准差）。",
    "Unlabelled images per step (2x as many views); each view's negatives are the other 2B - 2 views.":
        "每步的无标签图像数（视图数为其 2 倍）；每个视图的负样本是其余 2B - 2 个视图。",
    "Passes over the unlabelled images.": "遍历无标签图像的次数。",
    "Peak learning rate of AdamW for the encoder and projection head.": "编码器和投影头所用 AdamW 的峰值学习率。",
    "Peak learning rate of AdamW for both supervised baselines (same schedule).":
        "两个有监督基线所用 AdamW 的峰值学习率（调度相同）。",
    "AdamW decoupled weight decay.": "AdamW 的解耦权重衰减。",
    "Random affine warp of the baseline's labelled images (rotate up to 10 degrees, scale 0.9-1.1, shift up to 2 px); "
    "off = the plain baseline without augmentation.":
        "对有监督基线的有标签图像做随机仿射变换（旋转最多 10 度，缩放 0.9-1.1，平移最多 2 像素）；关闭 = 不做数据增强"
        "的普通基线。",
    "L2 penalty of the linear probe (logistic regression on standardised embeddings, per mean-loss unit).":
        "线性探针的 L2 惩罚（在标准化嵌入上的逻辑回归，按平均损失计）。",
    "Random seed: initialisation, shuffling, views and which images are labelled.":
        "随机种子：初始化、打乱顺序、视图以及哪些图像带标签。",
    # reinforcement learning
    "CartPole-v1: balance a pole on a cart (return up to 500); Acrobot-v1: swing a two-link pendulum up (return "
    "−500 to about −60; higher is better).":
        "CartPole-v1：在小车上保持杆子平衡（回报最高 500）；Acrobot-v1：把双连杆摆甩上去（回报从 −500 到约 −60；"
        "越高越好）。",
    "ppo: proximal policy optimisation (on-policy actor-critic); dqn: deep Q-learning with a replay buffer and a "
    "target network.":
        "ppo：近端策略优化（同策略的演员-评论家方法）；dqn：带经验回放缓冲区和目标网络的深度 Q 学习。",
    "Epochs to train; one epoch = rollouts × rollout steps × envs environment steps.":
        "训练的轮次；一轮 = 采样轮数 × 每轮采样步数 × 环境数 个环境步。",
    "Copies of the environment stepped together (a vector env).": "同时推进的环境副本数（向量化环境）。",
    "Rollouts per epoch (PPO: one policy update per rollout; DQN: episodes are logged after each).":
        "每轮的采样次数（PPO：每次采样后更新一次策略；DQN：每次采样后记录回合）。",
    "Steps of each env per rollout.": "每次采样中每个环境走的步数。",
    "Units in each of the two hidden layers of the networks.": "网络两个隐藏层各自的单元数。",
    "Adam learning rate. 1e-3 suits PPO here; DQN learns more steadily with 2.5e-4 (the dqn preset).":
        "Adam 学习率。这里 PPO 适合 1e-3；DQN 用 2.5e-4 学得更稳定（即 dqn 预设）。",
    "Learning rate over the run: constant, or a cosine decay to 0.": "整个训练过程中的学习率：恒定，或余弦衰减到 0。",
    "Discount factor γ: a reward t steps ahead counts γ^t.": "折扣因子 γ：t 步之后的奖励按 γ^t 计。",
    "PPO: λ of generalised advantage estimation (0: one-step TD, 1: Monte Carlo).":
        "PPO：广义优势估计的 λ（0：单步时序差分，1：蒙特卡洛）。",
    "PPO: passes over each rollout.": "PPO：每次采样的数据遍历次数。",
    "PPO: minibatches per pass (each one Adam step).": "PPO：每遍的小批量数（每个小批量一次 Adam 更新）。",
    "PPO: ε of the clipped objective: the probability ratio may move 1 ± ε per update.":
        "PPO：裁剪目标中的 ε：每次更新概率比只能在 1 ± ε 内变化。",
    "PPO: clip the value update like the policy's (±clip around the old value; CleanRL's default). Off: plain "
    "squared error, a faster critic.":
        "PPO：像策略一样裁剪价值更新（在旧值附近 ±clip；CleanRL 的默认做法）。关闭：普通平方误差，评论家学得更快。",
    "PPO: weight of the entropy bonus.": "PPO：熵奖励的权重。",
    "PPO: weight of the value loss.": "PPO：价值损失的权重。",
    "PPO: gradients are clipped to this norm.": "PPO：梯度裁剪到此范数。",
    "DQN: transitions the replay buffer keeps.": "DQN：回放缓冲区保存的转移数。",
    "DQN: random transitions collected before the first update.": "DQN：第一次更新之前收集的随机转移数。",
    "DQN: transitions per update.": "DQN：每次更新使用的转移数。",
    "DQN: one update every this many vector steps.": "DQN：每隔这么多个向量环境步更新一次。",
    "DQN: vector steps between target-network updates.": "DQN：两次目标网络更新之间的向量环境步数。",
    "DQN: target update θ' ← τθ + (1 − τ)θ' (1 = copy).": "DQN：目标网络更新 θ' ← τθ + (1 − τ)θ'（1 = 直接复制）。",
    "DQN: exploration rate ε at the start.": "DQN：开始时的探索率 ε。",
    "DQN: ε after the exploration phase.": "DQN：探索阶段结束后的 ε。",
    "DQN: share of the run over which ε falls linearly from start to end.":
        "DQN：ε 从初始值线性降到最终值所占训练过程的比例。",
    "Greedy-policy episodes per evaluation (seeded, the same every epoch).":
        "每次评估运行的贪心策略回合数（固定种子，每轮相同）。",
    "Seed of the environments, the networks and every random draw.": "环境、网络和所有随机抽样的种子。",
}

TRANSFER_AND_FEDERATED: dict[str, str] = {
    # transfer learning
    "Target task. digits / mnist-10k / mnist: learn digits 5-9 (with own-cnn, pretrained on digits 0-4 of the same "
    "set); upload: your zip of class folders.":
        "目标任务。digits / mnist-10k / mnist：学习数字 5-9（使用 own-cnn 时，它在同一数据集的数字 0-4 上预训练）；"
        "upload：你上传的按类别分文件夹的 zip。",
    "own-cnn: a CNN pretrained here on a source task (works offline); resnet18 / mobilenet_v3_small: ImageNet "
    "weights, downloaded on first use (45 / 10 MB).":
        "own-cnn：在本服务器上针对源任务预训练的 CNN（可离线使用）；resnet18 / mobilenet_v3_small：ImageNet 权重，"
        "首次使用时下载（45 / 10 MB）。",
    "frozen: features computed once, only a linear head learns; finetune: the last block learns too.":
        "frozen：特征只计算一次，只训练线性分类头；finetune：最后一个块也参与训练。",
    "N: labelled target images per class, the same ones for the transferred model and the scratch CNN.":
        "N：每类有标签的目标图像数，迁移模型和从零训练的 CNN 使用同一批。",
    "Channels of own-cnn's first block (then 2x, 4x) and of the scratch CNN.":
        "own-cnn 第一个块的通道数（之后为 2 倍、4 倍），从零训练的 CNN 也使用此值。",
    "own-cnn only: passes over the source images.": "仅 own-cnn：遍历源任务图像的次数。",
    "ImageNet backbones only: images are resized to this many pixels per side (224 is ImageNet's size; smaller is "
    "much faster on a CPU).":
        "仅 ImageNet 骨干网络：图像缩放到每边这么多像素（224 是 ImageNet 的尺寸；更小在 CPU 上快得多）。",
    "Peak learning rate of AdamW (head and scratch CNN).": "AdamW 的峰值学习率（分类头和从零训练的 CNN）。",
    "finetune only: the last block's learning rate as a share of lr.": "仅 finetune：最后一个块的学习率占 lr 的比例。",
    "Labelled images per step.": "每步的有标签图像数。",
    "Passes over the labelled images.": "遍历有标签图像的次数。",
    "Scratch CNN only: random affine warp per image (rotate up to 10 degrees, scale 0.9-1.1, shift up to 2 px). The "
    "transferred model sees cached features.":
        "仅从零训练的 CNN：对每张图像做随机仿射变换（旋转最多 10 度，缩放 0.9-1.1，平移最多 2 像素）。"
        "迁移模型使用缓存的特征。",
    "After training, fit both models for N = 1, 2, 5, 10, 20, 50, 100 labels per class (a few seconds to a minute) "
    "to draw accuracy against N.":
        "训练后，分别用每类 N = 1、2、5、10、20、50、100 个标签拟合两个模型（几秒到一分钟），画出准确率随 N 变化的曲"
        "线。",
    "Random seed: pretraining, initialisation, shuffling and which images are labelled.":
        "随机种子：预训练、初始化、打乱顺序以及哪些图像带标签。",
    # federated learning
    "federated: FedAvg over simulated clients; centralised: the same network on the pooled data with equal compute "
    "per round (the baseline).":
        "federated：在模拟客户端上运行 FedAvg；centralised：同一网络在汇集的数据上训练，每轮计算量相同（作为基线）。",
    "Training data shared out among the clients. digits: bundled, no download; mnist-10k: local files; mnist: "
    "70,000 images, downloaded on first use.":
        "分发给各客户端的训练数据。digits：内置，无需下载；mnist-10k：本地文件；mnist：70,000 张图像，首次使用时下载。",
    "Number of simulated clients K that hold the training data.": "持有训练数据的模拟客户端数 K。",
    "How the data is split: iid = random equal parts; dirichlet = label shares per client drawn from "
    "Dirichlet(alpha); shards = each client gets a few label-sorted shards (McMahan et al.).":
        "数据的划分方式：iid = 随机等分；dirichlet = 每个客户端的标签比例从 Dirichlet(alpha) 中抽取；"
        "shards = 每个客户端分到几个按标签排序的分片（McMahan 等人）。",
    "Dirichlet concentration, 0.01 to 100: small = each client holds few labels, large = close to IID.":
        "Dirichlet 集中度参数，0.01 到 100：小 = 每个客户端只有少数几种标签，大 = 接近 IID。",
    "Label-sorted shards per client, 1 to 10 (2 = at most two labels each).":
        "每个客户端按标签排序的分片数，1 到 10（2 = 每个客户端最多两种标签）。",
    "Share C of clients that train in each round, 0.05 to 1 (at least one).":
        "每轮参与训练的客户端比例 C，0.05 到 1（至少一个）。",
    "Passes E each sampled client makes over its own data per round.": "每个被抽中的客户端每轮遍历自己数据的次数 E。",
    "Examples per local SGD step (B).": "每个本地 SGD 步的样本数（B）。",
    "Client SGD learning rate per step, constant.": "客户端 SGD 每步的学习率，恒定。",
    "Client SGD momentum, 0 to 0.99; each client starts every round from zero. High momentum lets clients holding one "
    "or two labels drift apart: use 0 with shards.":
        "客户端 SGD 动量，0 到 0.99；每个客户端每轮都从零开始。动量大时，只持有一两种标签的客户端会各自漂移得很远："
        "使用 shards 时请设为 0。",
    "Momentum of the server's step on the averaged update: 0 = plain FedAvg, e.g. 0.7 = FedAvgM.":
        "服务器在平均更新上所走一步的动量：0 = 普通 FedAvg，例如 0.7 = FedAvgM。",
    "Communication rounds (each is one epoch of the run).": "通信轮数（每轮是这次训练的一个轮次）。",
    "lenet5: LeCun et al. 1998, no BatchNorm; fastnet: 3 conv blocks with BatchNorm (its running statistics are "
    "averaged like the weights).":
        "lenet5：LeCun 等人 1998 年的网络，无批归一化；fastnet：3 个带批归一化的卷积块（其滑动统计量与权重一样做平均"
        "）。",
    "fastnet's first-layer channels (doubled per block).": "fastnet 第一层的通道数（每个块翻倍）。",
    "Random affine warp per image on the clients: rotate up to 10 degrees, scale 0.9-1.1, shift up to 2 px.":
        "客户端上对每张图像做随机仿射变换：旋转最多 10 度，缩放 0.9-1.1，平移最多 2 像素。",
    "Clip each client's update (all weights, L2) to this norm S; 0 = off. Turns on equal client weights.":
        "把每个客户端的更新（全部权重，L2）裁剪到范数 S；0 = 关闭。开启后各客户端权重相等。",
    "Gaussian noise added to the averaged update, standard deviation = this x S / clients per round; no effect while "
    "clip_norm is 0.":
        "加到平均更新上的高斯噪声，标准差 = 此值 x S / 每轮客户端数；clip_norm 为 0 时不起作用。",
    "Random seed for the split, client sampling and initialisation.": "用于数据划分、客户端抽样和初始化的随机种子。",
}
