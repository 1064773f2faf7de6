"""Architectures of core.vision_models against hand calculations: output shapes, parameter counts, FLOPs per
image; the airbench whitening against its definition (unit covariance of the whitened patches); the epoch-time
estimate leaves the model untouched; core.network_probe against closed forms on a linear model."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from core.network_probe import feature_maps, first_filters, grad_cam, saliency
from core.vision_models import (
    AirbenchNet,
    BatchNorm2d,
    FastNet,
    LeNet5,
    SeedCNN,
    SmallResNet,
    estimate_epoch_seconds,
    flops_per_image,
    parameter_count,
)

# Hand counts (weights + biases; BatchNorm has 2 per channel). See each comment for the sum.
CASES = [
    # conv 3*32*9+32=896, fc1 32*16*16*128+128=1,048,704, fc2 128*10+10=1,290
    ("seed-cifar", lambda: SeedCNN(32, 0.0, 3, 32, 10), (3, 32, 32), 10, 896 + 1_048_704 + 1_290),
    # conv1 1*6*25+6=156, conv2 6*16*25+16=2,416, fc 400*120+120=48,120, 120*84+84=10,164, 84*10+10=850
    ("lenet5-mnist", lambda: LeNet5(0.0, 1, 28, 10), (1, 28, 28), 10, 156 + 2_416 + 48_120 + 10_164 + 850),
    ("lenet5-cifar", lambda: LeNet5(0.0, 3, 32, 10), (3, 32, 32), 10, 456 + 2_416 + 48_120 + 10_164 + 850),
    # blocks 9*1*16+32=176, 9*16*32+64=4,672, 9*32*64+128=18,560, linear 64*10+10=650
    ("fastnet", lambda: FastNet(16, 0.0, 1, 10), (1, 28, 28), 10, 176 + 4_672 + 18_560 + 650),
    # stem 9*3*8+16=232; block(8,8) 2*(576+16)=1,184; block(8,16) 1,152+32+2,304+32+128+32=3,680;
    # block(16,32) 4,608+64+9,216+64+512+64=14,528; linear 32*10+10=330
    ("resnet", lambda: SmallResNet(8, 0.0, 3, 10), (3, 32, 32), 10, 232 + 1_184 + 3_680 + 14_528 + 330),
    # whiten 24*3*4+24=312; block(24,16) 3,456+32+2,304+32=5,824; block(16,64) 9,216+128+36,864+128=46,336;
    # block(64,64) 2*(36,864+128)=73,984; linear 64*10=640 (no bias)
    ("airbench", lambda: AirbenchNet(16, 0.0, 3, 10), (3, 32, 32), 10, 312 + 5_824 + 46_336 + 73_984 + 640),
    # 1 channel: whiten 8*1*4+8=40; block(8,16) 9*8*16+32+9*16*16+32=3,520; the rest as above
    ("airbench-fashion", lambda: AirbenchNet(16, 0.0, 1, 10), (1, 28, 28), 10, 40 + 3_520 + 46_336 + 73_984 + 640),
]


@pytest.mark.parametrize("name, make, shape, classes, params", CASES, ids=[c[0] for c in CASES])
def test_output_shape_and_parameter_count(name, make, shape, classes, params):
    model = make().eval()
    assert parameter_count(model) == params
    with torch.no_grad():
        assert model(torch.randn(4, *shape)).shape == (4, classes)


def test_seed_cnn_flattens_32x16x16_for_a_32x32_colour_batch():
    model = SeedCNN(32, 0.0, in_channels=3, size=32, classes=10)
    assert model.flat_features == 32 * 16 * 16  # the seed article wrote 32 * 8 * 8, which crashes
    assert model(torch.randn(8, 3, 32, 32)).shape == (8, 10)


def test_flops_per_image_match_hand_counts():
    # LeNet-5 on 28x28 (padded to 32): conv1 6*28*28*25, conv2 16*10*10*150, fc 400*120 + 120*84 + 84*10 MACs
    lenet_macs = 6 * 28 * 28 * 25 + 16 * 10 * 10 * 150 + 400 * 120 + 120 * 84 + 84 * 10
    assert flops_per_image(LeNet5(0.0, 1, 28, 10), (1, 28, 28)) == 2 * lenet_macs
    # Seed CNN on 3x32x32: conv 32*32*32*27, fc1 8192*128, fc2 128*10
    seed_macs = 32 * 32 * 32 * 27 + 8192 * 128 + 128 * 10
    assert flops_per_image(SeedCNN(32, 0.0, 3, 32, 10), (3, 32, 32)) == 2 * seed_macs
    # A strided 1x1 shortcut counts only its outputs: SmallResNet's second block shortcut 16*16*16*8 MACs.
    shortcut = nn.Conv2d(8, 16, 1, 2, bias=False)
    assert flops_per_image(nn.Sequential(shortcut), (8, 32, 32)) == 2 * 16 * 16 * 16 * 8


def test_airbench_whitening_gives_unit_covariance_patches():
    torch.manual_seed(0)
    base = torch.randn(64, 3, 17, 17)
    images = (base[..., :16, :16] + base[..., 1:, 1:] + 0.5 * base[..., :16, 1:])  # correlated neighbours
    model = AirbenchNet(8, 0.0, 3, 10)
    model.init_whitening(images, eps=1e-9)
    assert not model.whiten.weight.requires_grad
    with torch.no_grad():
        out = model.whiten(images)[:, :12]  # the first half; the second half is its negative
    flat = out.permute(0, 2, 3, 1).reshape(-1, 12).double()
    cov = np.cov(flat.numpy(), rowvar=False)
    np.testing.assert_allclose(cov, np.eye(12), atol=2e-3)
    assert torch.equal(model.whiten.weight[12:], -model.whiten.weight[:12])


def test_epoch_estimate_scales_with_batches_and_leaves_the_model_alone():
    model = SeedCNN(4, 0.0, 1, 28, 10)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    seconds = estimate_epoch_seconds(model, (1, 28, 28), 10, 1000, 100, torch.device("cpu"), timed_steps=1)
    assert 0 < seconds < 60
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())


# --- network probe on a model whose answers are closed forms -------------------------------------------------
def _linear_probe_model() -> nn.Module:
    """4x4 input -> identity 1x1 conv -> flatten -> linear 16 -> 2."""
    torch.manual_seed(1)
    conv = nn.Conv2d(1, 1, 1, bias=False)
    nn.init.ones_(conv.weight)
    return nn.Sequential(conv, nn.Flatten(), nn.Linear(16, 2))


def _unit(a):
    a = a - a.min()
    return a / a.max()


def test_probe_feature_maps_filters_saliency_and_grad_cam():
    model = _linear_probe_model()
    x = torch.rand(1, 1, 4, 4) + 0.1
    maps = feature_maps(model, x)
    assert [name for name, _ in maps] == ["0"] and np.allclose(maps[0][1], x[0].numpy())
    assert np.array_equal(first_filters(model), np.ones((1, 1, 1, 1), dtype=np.float32))
    w = model[2].weight.detach().numpy()[1].reshape(4, 4)
    np.testing.assert_allclose(saliency(model, x, 1), _unit(np.abs(w)), atol=1e-6)
    # Grad-CAM: channel weight = mean gradient = mean(w); map = ReLU(mean(w) * x)
    cam = np.maximum(w.mean() * x[0, 0].numpy(), 0)
    expected = _unit(cam) if cam.max() > 0 else cam
    np.testing.assert_allclose(grad_cam(model, x, 1), expected, atol=1e-6)
    assert model.training  # the probe restored the mode it found


def test_feature_maps_have_each_conv_layers_shape():
    model = SeedCNN(6, 0.0, 1, 28, 10)
    maps = feature_maps(model, torch.randn(1, 1, 28, 28))
    assert [(n, m.shape) for n, m in maps] == [("conv", (6, 28, 28))]
    resnet_maps = feature_maps(SmallResNet(4, 0.0, 3, 10), torch.randn(1, 3, 32, 32))
    assert len(resnet_maps) == 1 + 2 + 3 + 3  # stem, block 1 (2 convs), blocks 2 and 3 (2 convs + shortcut)
    assert resnet_maps[-1][1].shape == (16, 8, 8)


def test_batchnorm_keeps_float32_statistics_for_bf16_cpu_inputs():
    x = torch.randn(16, 4, 5, 5) * 3 + 7
    ours, stock = BatchNorm2d(4), nn.BatchNorm2d(4)
    out = ours(x.bfloat16())
    stock(x.bfloat16().float())  # the oracle: the stock layer on the same (bf16-rounded) values in float32
    assert out.dtype == torch.float32
    torch.testing.assert_close(ours.running_mean, stock.running_mean)
    torch.testing.assert_close(ours.running_var, stock.running_var)
    assert set(ours.state_dict()) == set(stock.state_dict())  # checkpoints stay interchangeable
