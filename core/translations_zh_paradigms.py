"""简体中文 for the learning-paradigm pages (transfer, self-supervised and federated learning) and their shared
views (core/ui/paradigms.py). Merged into `core.translations_zh.ZH`.
"""

TRANSFER: dict[str, str] = {
    "A network that already learned one task has features that help with the next. Here a network pretrained on a "
    "source task is reused for a target task with only N labelled images per class, and compared with the same "
    "small CNN trained from scratch on those N images. Offline, the source is a CNN pretrained here on the digits "
    "0-4 and the target is the digits 5-9.":
        "已经学会一个任务的网络，其特征对下一个任务也有帮助。这里把在源任务上预训练的网络用于每类只有 N 张有标签图像的"
        "目标任务，并与只用这 N 张图像从零训练的同一个小 CNN 比较。离线时，源任务是在本服务器上用数字 0-4 预训练的 CNN"
        "，"
        "目标任务是数字 5-9。",
    "Training first downloads the ImageNet weights of {name} into the data folder. Without internet the run fails "
    "with a message; the backbone own-cnn works offline.":
        "训练会先把 {name} 的 ImageNet 权重下载到数据文件夹。没有网络时训练会失败并给出提示；骨干网络 own-cnn 可离线"
        "使用。",
    "Source: {source}.": "源任务：{source}。",
    "It scores {acc} on its own test images; pretraining took {seconds} s (once per server, not counted in the "
    "training time above).":
        "它在自己的测试图像上得分 {acc}；预训练用时 {seconds} 秒（每台服务器只做一次，不计入上面的训练时间）。",
    "Transferred ({mode})": "迁移模型（{mode}）",
    "Transferred (frozen features)": "迁移模型（冻结特征）",
    "CNN from scratch": "从零训练的 CNN",
    "Confusion matrix of the transferred model (test set)": "迁移模型的混淆矩阵（测试集）",
    "The {count} labelled images": "{count} 张有标签图像",
    "Accuracy against the number of labels": "准确率随标签数的变化",
    "For each N, a logistic-regression head on the frozen features and a CNN from scratch are trained on the same "
    "N labelled images per class (the same epochs as this run). Transfer matters most when labels are few.":
        "对每个 N，在冻结特征上训练一个逻辑回归分类头，并从零训练一个 CNN，二者使用同样的每类 N 张有标签图像"
        "（轮次与这次训练相同）。标签越少，迁移学习的作用越大。",
}

SELF_SUPERVISED: dict[str, str] = {
    "Labels are expensive, images are cheap. Contrastive learning (SimCLR) trains an encoder on unlabelled images "
    "alone: two random views of the same image must map to nearby embeddings, views of different images to distant "
    "ones. Then a linear classifier (a probe) on the frozen embeddings learns from only K labelled images per class. "
    "The baseline is the same network trained on those K labels alone.":
        "标签昂贵，图像便宜。对比学习（SimCLR）只用无标签图像训练编码器：同一张图像的两个随机视图要映射到相近的嵌入，"
        "不同图像的视图则要映射到相距较远的嵌入。然后在冻结的嵌入上训练一个线性分类器（线性探针），每类只用 K 张有标签"
        "图像。"
        "基线是只用这 K 个标签训练的同一个网络。",
    "Both models' test accuracy appears here after each epoch.": "每轮结束后，两个模型的测试准确率会显示在这里。",
    "Linear probe": "线性探针",
    "Supervised baseline": "有监督基线",
    "Contrastive encoder + linear probe": "对比学习编码器 + 线性探针",
    "Supervised on the labels only": "只用标签的有监督学习",
    "Supervised on the labels, augmented views": "只用标签的有监督学习（增强视图）",
    "A second baseline, trained on the same labelled images seen through the contrastive augmentations, reached "
    "{accuracy}; the gain above is against the plain baseline.":
        "第二个基线用同样的有标签图像、经过对比学习的数据增强后训练，准确率为 {accuracy}；"
        "上面的提升是相对于普通基线而言的。",
    "Two views of each image": "每张图像的两个视图",
    "Each column is one training image and two random views of it: a random resized crop, a rotation, an elastic "
    "warp and pixel noise (the sidebar sets their strength). The encoder is trained to recognise that the two views "
    "in a column belong together.":
        "每一列是一张训练图像及其两个随机视图：随机缩放裁剪、旋转、弹性形变和像素噪声（强度在侧边栏设置）。"
        "编码器被训练来认出同一列中的两个视图属于同一张图像。",
    "New random views": "换一组随机视图",
    "Top: the images. Middle and bottom: their two views.": "上：原图。中、下：它们的两个视图。",
    "The {count} labelled images both models learned from": "两个模型共同使用的 {count} 张有标签图像",
    "Where the test images land": "测试图像落在哪里",
    "Projection": "投影方法",
    "PCA (linear)": "PCA（线性）",
    "t-SNE (neighbourhoods, a few seconds)": "t-SNE（保留邻域，需要几秒）",
    "Projecting the embeddings...": "正在投影嵌入……",
    "Each dot is a test image, placed by its embedding and coloured by its true digit (which neither encoder saw for "
    "these images). Left: the contrastive encoder, trained without labels. Right: the encoder of the supervised "
    "baseline. Classes that form separate clusters are easy for a linear classifier.":
        "每个点是一张测试图像，位置由它的嵌入决定，颜色表示它的真实数字（两个编码器都没见过这些图像的标签）。"
        "左：不用标签训练的对比学习编码器。右：有监督基线的编码器。形成彼此分离的簇的类别，线性分类器很容易区分。",
    # shared by the paradigm pages (core/ui/paradigms.py)
    "What the models see": "模型看到的内容",
    "Gain": "提升",
    "{points} points": "{points} 个百分点",
}

FEDERATED: dict[str, str] = {
    "Hospitals, phones or banks each hold some of the digits and never send them anywhere. Each round the server "
    "sends the global model to some clients, each trains it on its own data for a few local epochs, and the server "
    "averages what comes back, weighted by how many examples each client holds (FedAvg, McMahan et al. 2017).":
        "医院、手机或银行各自持有一部分数字图像，且从不把它们发送出去。每一轮，服务器把全局模型发给部分客户端，"
        "每个客户端在自己的数据上训练几个本地轮次，服务器再对返回的结果按各客户端的样本数加权平均"
        "（FedAvg，McMahan 等人，2017）。",
    "Not used with these settings: {names}.": "这些设置下未使用：{names}。",
    "How the data is split": "数据如何划分",
    "{k} clients hold {low} to {high} examples each; {m} of them train in each round. Bars dominated by one or two "
    "colours are clients that have seen only a few digits.":
        "{k} 个客户端各持有 {low} 到 {high} 个样本；每轮其中 {m} 个参与训练。被一两种颜色占满的条形代表只见过少数几种"
        "数字的客户端。",
    "Centralised training pools every example on one machine; there are no clients to show. Each round it trains on "
    "a random share of the pool equal to the client fraction, for the same number of local epochs, so a round costs "
    "as much as a federated one.":
        "集中式训练把所有样本汇集到一台机器上，因此没有客户端可显示。每轮它在汇集数据中随机抽取与客户端比例相同的一部"
        "分，"
        "训练相同的本地轮次，所以一轮的开销与联邦学习的一轮相同。",
    "Global accuracy per round": "每轮的全局准确率",
    "The same network and settings, trained centralised on pooled data, federated on an IID split and federated on "
    "a non-IID split. Runs appear here once they have been trained (or while they train).":
        "同一网络和设置，分别在汇集的数据上集中式训练、在 IID 划分上联邦训练、在非 IID 划分上联邦训练。"
        "训练完成后（或训练过程中）会显示在这里。",
    "Train: {run}": "训练：{run}",
    # the compared runs (core/fedavg.py names them; the page looks them up with t())
    "this run": "本次训练",
    "centralised": "集中式",
    "federated, IID": "联邦，IID",
    "federated, non-IID": "联邦，非 IID",
    "without clipping or noise": "不裁剪、不加噪声",
    "No round has finished yet.": "还没有完成的轮次。",
    "run": "训练",
    "status": "状态",
    "rounds done": "已完成轮数",
    "test accuracy": "测试准确率",
    "training seconds": "训练秒数",
    "rounds to {target}": "达到 {target} 所需轮数",
    "not reached": "未达到",
    "Try the global model": "试试全局模型",
    "The global model after the last round": "最后一轮之后的全局模型",
    "Privacy: clipping and noise": "隐私：裁剪与噪声",
    "Each update is clipped to L2 norm {clip}; the average of {m} updates gets Gaussian noise with standard deviation "
    "{std} per weight. With only {m} clients per round, noise that hides one client is large next to the update "
    "itself; real deployments average thousands of clients per round. No privacy budget (epsilon) is computed here.":
        "每个更新被裁剪到 L2 范数 {clip}；{m} 个更新的平均值在每个权重上加入标准差为 {std} 的高斯噪声。每轮只有 {m} "
        "个客户端时，足以掩盖单个客户端的噪声相对于更新本身很大；实际部署中每轮会对成千上万个客户端取平均。"
        "这里不计算隐私预算（epsilon）。",
    "Clipping and noise apply to client updates; switch mode to federated to use them.":
        "裁剪和噪声作用于客户端更新；把模式切换为 federated 才能使用。",
    "Off. Set a clip norm (and a noise multiplier) in the sidebar: every client's update is then clipped to that "
    "length, clients count equally, and Gaussian noise is added to their average, so no single client can move the "
    "model far. The cost shows here as lost accuracy.":
        "已关闭。在侧边栏设置裁剪范数（以及噪声倍数）后：每个客户端的更新会被裁剪到该长度，各客户端权重相等，"
        "并在它们的平均值上加入高斯噪声，使任何单个客户端都无法把模型推得太远。代价会在这里以准确率损失的形式显示。",
    "Without clipping or noise": "不裁剪、不加噪声",
    "With them": "裁剪并加噪声",
    "Accuracy cost": "准确率代价",
    "Test accuracy after the last round: without minus with clipping and noise.":
        "最后一轮后的测试准确率：不裁剪不加噪声的减去裁剪并加噪声的。",
    "The accuracy cost appears when this run and the run without clipping or noise are both done.":
        "本次训练和不裁剪、不加噪声的训练都完成后，会显示准确率代价。",
}

PARADIGM_PAGES: dict[str, str] = {**TRANSFER, **SELF_SUPERVISED, **FEDERATED}
