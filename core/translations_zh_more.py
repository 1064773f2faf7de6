"""简体中文 for the pages built alongside the translation (home and its concept map, runs, the seed claims,
reinforcement learning), kept apart from core/translations_zh_pages.py so each table stays a readable size.
Merged into `core.translations_zh.ZH`.
"""

HOME: dict[str, str] = {
    "Deep learning, live": "深度学习，实时呈现",
    "Real PyTorch on real data, in your browser. Pick a model, tune its settings, start a training run and watch the "
    "metrics arrive live; then feed the trained model your own input. Finished runs are cached, so a second visitor "
    "asking for the same settings gets the result instantly.":
        "在浏览器中用真实数据运行真正的 PyTorch。选择一个模型，调整设置，开始训练，实时观看各项指标；"
        "然后把你自己的输入交给训练好的模型。完成的训练会被缓存，使用相同设置的下一位访问者可以立即得到结果。",
    "The map": "知识地图",
    "Deep learning and the ideas that branch from it. Click a blue node to open its demo.":
        "深度学习以及由它延伸出的各种思想。点击蓝色节点即可打开对应的演示。",
    "The demos": "演示列表",
    "Best cached result ({metric})": "缓存中的最佳结果（{metric}）",
    "No finished run yet.": "还没有完成的训练。",
    "Open": "打开",
    # the concept map's nodes (core/concept_map.py; the page looks them up with t(concept.label))
    "Deep learning": "深度学习",
    "Convolutional networks": "卷积神经网络",
    "Recurrent networks (RNN, LSTM, GRU)": "循环神经网络（RNN、LSTM、GRU）",
    "Transfer learning": "迁移学习",
    "Generative adversarial networks": "生成对抗网络",
    "Federated learning": "联邦学习",
    "House prices, trends": "房价、趋势预测",
    "Spam and diagnosis (yes/no)": "垃圾邮件识别与诊断（是/否）",
    "Image classification (CIFAR-10)": "图像分类（CIFAR-10）",
    "Sequence-to-sequence translation": "序列到序列翻译",
    "Sentiment analysis": "情感分析",
    "Medical imaging with few labels": "少标签的医学影像",
    "Variational autoencoders": "变分自编码器",
    "Image synthesis, data augmentation": "图像合成、数据增强",
    "Games and robot control": "游戏与机器人控制",
    "Pretraining without labels": "无标签预训练",
    "Phone keyboards, hospitals: private data": "手机输入法、医院：隐私数据",
}

RUNS: dict[str, str] = {
    "Every run trained on this server, by every demo. Select rows to overlay their curves and compare their "
    "settings, to download them or to delete them.":
        "本服务器上所有演示训练过的全部记录。选中若干行即可叠加它们的曲线、比较它们的设置，或下载、删除它们。",
    "Refresh": "刷新",
    "Compare": "比较",
    "Download or delete": "下载或删除",
    "Select one or more rows (the boxes at their left) to compare, download or delete them.":
        "选中一行或多行（勾选左侧的方框）来比较、下载或删除它们。",
    "No runs yet. Train a model on any demo page, or import a run below.":
        "还没有训练记录。在任意演示页面训练一个模型，或在下方导入一条记录。",
    "Import a run": "导入训练记录",
    # statuses
    "done": "已完成",
    "running": "训练中",
    "queued": "排队中",
    "stopped": "已停止",
    "failed": "失败",
    "damaged": "已损坏",
    "missing": "不存在",
    # the table and its filters
    "Date": "日期",
    "Final metric": "最终指标",
    "Demo": "演示",
    "Status": "状态",
    "All demos": "全部演示",
    "All statuses": "全部状态",
    "Sort by": "排序依据",
    "Descending": "降序",
    "{name} (no page in this app)": "{name}（本应用中没有对应页面）",
    "Key settings": "关键设置",
    "The settings that differ from the demo's defaults.": "与该演示默认值不同的设置。",
    "Metric": "指标",
    "Final value": "最终值",
    "Training time (s)": "训练时间（秒）",
    "Device": "设备",
    "Run key": "记录标识",
    # comparing
    "The selected runs have not logged any per-epoch metrics yet.": "选中的训练记录还没有记录任何逐轮指标。",
    "Against": "横轴",
    "training time": "训练时间",
    "**Settings that differ**": "**不同的设置**",
    "The selected runs have the same settings.": "选中的训练记录设置相同。",
    # download, delete, import
    "Download": "下载",
    "Only finished runs can be downloaded.": "只能下载已完成的训练记录。",
    "Delete the selected runs": "删除选中的训练记录",
    "Delete {count} run(s) for good: {keys}? Their weights, curves and reports are removed from this server.":
        "永久删除 {count} 条训练记录：{keys}？它们的权重、曲线和报告将从本服务器上移除。",
    "Yes, delete": "确定删除",
    "Deleted {count} run(s).": "已删除 {count} 条训练记录。",
    "Cancel": "取消",
    "A zip downloaded from this page, here or on another machine: settings, curves, report and safetensors weights. "
    "Everything is checked before it is stored; pickle files are refused.":
        "从本页面（在这台或另一台机器上）下载的 zip：包含设置、曲线、报告和 safetensors 权重。"
        "所有内容在保存前都会经过检查；pickle 文件会被拒绝。",
    "Run archive (.zip)": "训练记录归档（.zip）",
    "Replace a run with the same settings if there is one": "如已有相同设置的训练记录则替换它",
    "Import": "导入",
    "Imported run {key} of {demo}.": "已导入 {demo} 的训练记录 {key}。",
    "Its dataset is not on this server, so its demo page will use it once that data is here.":
        "它的数据集不在本服务器上，等数据就位后，其演示页面才会使用它。",
}

CLAIMS: dict[str, str] = {
    "Seed article vs measured": "原始文章 vs 实测",
    "The article this app grew from makes strong claims. Here each one stands beside what this app measured on this "
    "server, from the runs in its cache or recomputed live, and beside published results.":
        "本应用起源的那篇文章提出了一些很强的论断。这里把每条论断与本应用在这台服务器上的实测结果（来自缓存的训练或实"
        "时重新计算）"
        "以及已发表的结果并列。",
    "The seed article says": "原始文章的说法",
    "Measured here": "这里的实测",
    "Best of the cached runs: run {key}.": "缓存训练中的最佳结果：训练记录 {key}。",
    "No finished run yet. Train one on the {title} page{conditions} and its result appears here.":
        "还没有完成的训练。在“{title}”页面{conditions}训练一次，结果就会显示在这里。",
    "Open {title}": "打开“{title}”",
    "A 3x32x32 input gives {shape} = {features} features after the pooling; the first linear layer takes "
    "{fc1_inputs}.":
        "3x32x32 的输入经过池化后得到 {shape} = {features} 个特征；第一个线性层的输入是 {fc1_inputs}。",
    "Least squares gives θ = {theta} with squared error {sse:.1e}; the printed θ has squared error {seed_sse:.2f}.":
        "最小二乘给出 θ = {theta}，平方误差为 {sse:.1e}；文中给出的 θ 平方误差为 {seed_sse:.2f}。",
    # the claims (core/claims.py): topic, what the seed says, the published anchor
    "CNN on CIFAR-10": "CIFAR-10 上的 CNN",
    "A CNN reaches 98.3 % test accuracy on CIFAR-10.": "CNN 在 CIFAR-10 上达到 98.3 % 的测试准确率。",
    "From-scratch speed records: airbench94 94.01 % in 3.29 s and airbench96 96.05 % in about 40 s on an A100 "
    "(Keller Jordan, 2024). Figures near 98 % come from networks pretrained on far larger datasets.":
        "从零训练的速度纪录：在 A100 上，airbench94 用 3.29 秒达到 94.01 %，airbench96 用约 40 秒达到 96.05 %"
        "（Keller Jordan，2024）。接近 98 % 的数字来自在大得多的数据集上预训练过的网络。",
    "RNN translation": "RNN 翻译",
    "An RNN translates English to French with 94.6 % BLEU.": "RNN 将英文译成法文，BLEU 达到 94.6 %。",
    "An LSTM encoder-decoder on WMT'14 English-French scored 34.8 BLEU (Sutskever et al., 2014); BLEU is 0-100, "
    "not a percentage of correct sentences. This app's offline task (number words) is far easier than open-domain "
    "text, so a high BLEU there says nothing about news translation.":
        "LSTM 编码器-解码器在 WMT'14 英法翻译上得到 34.8 BLEU（Sutskever 等人，2014）；BLEU 的范围是 0-100，"
        "并不是正确句子的百分比。本应用的离线任务（数字词）比开放领域文本容易得多，所以在这里得到高 BLEU 并不能说明新"
        "闻翻译的水平。",
    "GAN digits": "GAN 生成的数字",
    "GAN-generated digits are indistinguishable from real ones.": "GAN 生成的数字与真实数字无法区分。",
    "Indistinguishable would mean FID near the real-vs-real baseline and a classifier as confident on generated "
    "digits as on real ones, with all ten classes produced.":
        "“无法区分”意味着 FID 接近真实 vs 真实的基线，分类器对生成数字与对真实数字同样有把握，并且十个类别都能生成。",
    "Normal equation": "正规方程",
    "On its 3-point example the normal equation gives θ = [0.30, 1.40].":
        "在它的 3 点示例上，正规方程给出 θ = [0.30, 1.40]。",
    "Least squares on x = [[1,2],[2,3],[3,4]], y = [3,5,7] has the exact solution θ = [1, 1] (zero error); the "
    "printed θ misses every point.":
        "在 x = [[1,2],[2,3],[3,4]]、y = [3,5,7] 上做最小二乘有精确解 θ = [1, 1]（误差为零）；文中给出的 θ 一个点也没"
        "拟合上。",
    "The seed's CNN": "原始文章的 CNN",
    "After one 2x2 pooling, a 32x32 input flattens to 32x8x8 features.":
        "经过一次 2x2 池化后，32x32 的输入展平为 32x8x8 个特征。",
    "Each 2x2 max-pooling halves the height and width once: 32x32 -> 16x16, so 32 channels give 32x16x16 = 8,192 "
    "features (8x8 would need two poolings).":
        "每次 2x2 最大池化把高和宽各减半一次：32x32 -> 16x16，所以 32 个通道得到 32x16x16 = 8,192 个特征"
        "（8x8 需要两次池化）。",
}

REINFORCEMENT: dict[str, str] = {
    "An agent learns by trial and error: it acts, the environment answers with a reward, and the agent shifts "
    "towards actions that led to more reward. Choose a task and PPO or DQN in the sidebar, press Train below, and "
    "watch the return of each episode climb.":
        "智能体通过试错来学习：它采取行动，环境以奖励回应，智能体逐渐偏向能带来更多奖励的行动。"
        "在侧边栏选择任务以及 PPO 或 DQN，点击下方的“训练”，看每个回合的回报不断攀升。",
    # task goals
    "Keep the pole upright by pushing the cart left or right: +1 per step, at most 500.":
        "向左或向右推小车，让杆子保持直立：每步 +1，最多 500。",
    "Swing the free end of a two-link pendulum above the line by torquing the middle joint: −1 per step until it "
    "gets there, at most 500 steps.":
        "通过对中间关节施加力矩，把双连杆摆的自由端甩到线以上：到达之前每步 −1，最多 500 步。",
    "A random policy scores {random:g} on average; {solved:g} counts as solved.":
        "随机策略的平均得分为 {random:g}；达到 {solved:g} 即视为解决。",
    "How PPO and DQN learn": "PPO 和 DQN 如何学习",
    "**PPO** (proximal policy optimisation) runs its current stochastic policy for a rollout, scores each action by "
    "how much better it turned out than the critic expected (the advantage), then takes a few gradient steps that "
    "make good actions likelier, clipped so the policy changes only a little per rollout.":
        "**PPO**（近端策略优化）用当前的随机策略采样一段轨迹，按每个动作的结果比评论家预期好多少（即优势）给它打分，"
        "然后做几步梯度更新，让好的动作更可能被选中；更新经过裁剪，使策略每次只改变一点点。",
    "**DQN** (deep Q-learning) learns Q(s, a), the return expected after action a in state s, from a replay buffer "
    "of past steps, towards r + γ·max Q_target(s′, ·); it acts greedily on Q except for a share ε of random actions "
    "that shrinks during training.":
        "**DQN**（深度 Q 学习）从存放过去经验的回放缓冲区中学习 Q(s, a)，即在状态 s 下采取动作 a 后的预期回报，"
        "其目标为 r + γ·max Q_target(s′, ·)；它按 Q 贪心地行动，只有比例为 ε 的动作是随机的，ε 在训练中逐渐减小。",
    "Episode returns": "回合回报",
    "Play an episode": "播放一个回合",
    "The episode is simulated now and drawn from the environment's state vector; press ▶ Play.":
        "这个回合是现在实时模拟的，并根据环境的状态向量绘制；请点击 ▶ 播放。",
    "The return of every finished training episode appears here while the agent trains.":
        "智能体训练时，每个已完成训练回合的回报会显示在这里。",
    "Return": "回报",
    "Sum of the rewards of this episode ({steps} steps).": "本回合所有奖励之和（{steps} 步）。",
    "Episode seed": "回合种子",
    "Sets the episode's start state; both policies start from the same one.":
        "决定回合的初始状态；两个策略从同一状态开始。",
    "Play the latest policy": "播放最新策略",
    "While the agent trains, each press plays the policy saved at the end of the latest epoch.":
        "智能体训练期间，每次点击都会播放最近一轮结束时保存的策略。",
    "Trained policy (greedy)": "训练得到的策略（贪心）",
    "The trained policy appears here after the first epoch; press Train above.":
        "第一轮结束后，训练得到的策略会显示在这里；请点击上方的“训练”。",
    "After epoch {epoch}": "第 {epoch} 轮之后",
    "Random policy": "随机策略",
    "Uniformly random actions": "均匀随机的动作",
}

MORE: dict[str, str] = {**HOME, **RUNS, **CLAIMS, **REINFORCEMENT}
