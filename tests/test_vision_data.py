"""core.vision_data and core.zip_dataset: the zip-of-class-folders validation (traversal names, too many files,
non-images, decompression bombs), its class split, the offline message of the torchvision loaders, picture
decoding, uploaded-dataset storage, the procedural shapes, and the GPU recipe's augmentation and train step
run on the CPU on a tiny synthetic set."""

from __future__ import annotations

import io
import zipfile

import numpy as np
import pytest
import torch
from PIL import Image

from core import cnn_cifar10, device
from core.datasets import DatasetUnavailable
from core.imaging import ImageInputError
from core.training import TrainContext
from core.vision_common import place_data
from core.vision_data import decode_picture, load_torchvision, load_upload, make_shapes, save_upload, upload_classes
from core.vision_models import AirbenchNet
from core.zip_dataset import ZipDatasetError, ZipLimits, read_class_zip


def _png(colour=(255, 0, 0), size=(40, 40), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _class_zip(per_class: int = 5, prefix: str = "pets/") -> bytes:
    members = {f"{prefix}red/{i}.png": _png((255, 0, 0)) for i in range(per_class)}
    members.update({f"{prefix}blue/{i}.png": _png((0, 0, 255)) for i in range(per_class)})
    return _zip(members)


# --- zip datasets ------------------------------------------------------------------------------------------
def test_class_zip_gives_labelled_split_images():
    data = read_class_zip(_class_zip())
    assert data.classes == ("blue", "red")
    assert data.train_x.shape == (8, 3, 32, 32) and data.test_x.shape == (2, 3, 32, 32)
    assert sorted(data.test_y.tolist()) == [0, 1]  # one test image per class (5 // 5)
    reds = torch.cat([data.train_x[data.train_y == 1], data.test_x[data.test_y == 1]])
    assert torch.all(reds[:, 0] == 255) and torch.all(reds[:, 1:] == 0)


def test_hidden_and_macos_entries_are_skipped():
    extra = {"__MACOSX/pets/red/._0.png": b"resource fork", "pets/red/.DS_Store": b"junk", "pets/": b""}
    members = {f"red/{i}.png": _png() for i in range(4)} | {f"blue/{i}.png": _png((0, 0, 255)) for i in range(4)}
    data = read_class_zip(_zip(members | extra))
    assert len(data.train_y) + len(data.test_y) == 8


@pytest.mark.parametrize("name", ["../red/0.png", "/red/0.png", "red\\..\\0.png", "C:/red/0.png", "red/../../0.png",
                                  "red/\x1b[2J.png"])
def test_traversal_names_are_rejected(name):
    members = {f"red/{i}.png": _png() for i in range(4)} | {f"blue/{i}.png": _png() for i in range(4)}
    with pytest.raises(ZipDatasetError, match="unsafe file name"):
        read_class_zip(_zip({**members, name: _png()}))


def test_too_many_files_are_rejected():
    with pytest.raises(ZipDatasetError, match="holds 10 files; the limit is 9"):
        read_class_zip(_class_zip(5), ZipLimits(max_files=9))


def test_non_images_are_rejected_by_content():
    members = {f"red/{i}.png": _png() for i in range(4)} | {f"blue/{i}.png": _png() for i in range(3)}
    members["blue/notes.png"] = b"just some text pretending to be a png"
    with pytest.raises(ZipDatasetError, match="'blue/notes.png': This file is not a readable"):
        read_class_zip(_zip(members))


def test_decompression_bomb_is_rejected_before_decompressing():
    bomb = {"red/bomb.png": bytes(20 * 2**20)}  # 20 MB of zeros deflate to ~20 kB
    members = {f"red/{i}.png": _png() for i in range(4)} | {f"blue/{i}.png": _png() for i in range(4)}
    packed = _zip({**members, **bomb})
    assert len(packed) < 100_000
    with pytest.raises(ZipDatasetError, match="unpacks to 20.0 MB; the limit for one image is 10 MB"):
        read_class_zip(packed)
    with pytest.raises(ZipDatasetError, match="decompression bomb"):  # under the size cap, but 1000-fold
        read_class_zip(_zip({**members, "red/b.png": bytes(2**20)}), ZipLimits(max_ratio=100))
    with pytest.raises(ZipDatasetError, match="unpacks to .* MB; the limit is 0 MB"):
        read_class_zip(_class_zip(), ZipLimits(max_total_bytes=1000))


def test_structure_problems_have_clear_messages():
    with pytest.raises(ZipDatasetError, match="not inside a class folder"):
        read_class_zip(_zip({"loose.png": _png()}))
    with pytest.raises(ZipDatasetError, match="1 class folder"):
        read_class_zip(_zip({f"red/{i}.png": _png() for i in range(5)}))
    with pytest.raises(ZipDatasetError, match="'blue' has 2 image"):
        read_class_zip(_zip({f"red/{i}.png": _png() for i in range(5)} | {f"blue/{i}.png": _png() for i in range(2)}))
    with pytest.raises(ZipDatasetError, match="not a readable zip"):
        read_class_zip(b"PK\x03\x04 definitely not a zip")


def test_upload_round_trip_and_id_carries_the_class_count(tmp_path):
    data = read_class_zip(_class_zip())
    upload_id = save_upload(data, str(tmp_path))
    assert upload_classes(upload_id) == 2 and save_upload(data, str(tmp_path)) == upload_id
    loaded = load_upload(upload_id, str(tmp_path))
    assert loaded.classes == data.classes and torch.equal(loaded.train_x, data.train_x)
    assert torch.equal(loaded.test_y, data.test_y)
    with pytest.raises(DatasetUnavailable, match="upload the zip again"):
        load_upload(upload_id + 100, str(tmp_path))


# --- built-in datasets and pictures ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["cifar10", "fashion-mnist"])
def test_torchvision_loaders_offline_name_the_alternatives(name, tmp_path, monkeypatch):
    from urllib.error import URLError

    import torchvision.datasets

    def offline(*args, **kwargs):
        raise URLError("no network")

    monkeypatch.setattr(torchvision.datasets, "CIFAR10", offline)
    monkeypatch.setattr(torchvision.datasets, "FashionMNIST", offline)
    with pytest.raises(DatasetUnavailable, match="offline. Choose 'shapes'") as err:
        load_torchvision(name, str(tmp_path))
    assert name in str(err.value) and "URLError" in str(err.value)


def test_shapes_are_balanced_and_deterministic():
    a, b = make_shapes(120, 60), make_shapes(120, 60)
    assert torch.equal(a.train_x, b.train_x) and a.train_x.shape == (120, 3, 32, 32)
    assert torch.bincount(torch.cat([a.train_y, a.test_y])).tolist() == [30] * 6


def test_decode_picture_crops_resizes_and_checks():
    assert decode_picture(_png((10, 20, 30), (64, 40)), 3, 32).tolist() == \
        np.tile(np.array([10, 20, 30], dtype=np.uint8)[:, None, None], (1, 32, 32)).tolist()
    assert np.all(decode_picture(_png((0, 0, 0, 0), mode="RGBA"), 1, 28) == 255)  # transparent = white paper
    with pytest.raises(ImageInputError, match="limit is 4096 per side"):
        decode_picture(_png((0,), (5000, 1), "L"), 3, 32)
    with pytest.raises(ImageInputError, match="not a readable"):
        decode_picture(b"GIF89a broken", 3, 32)


# --- the GPU recipe, on the CPU ---------------------------------------------------------------------------------
def test_flip_and_shift_is_a_mirrored_crop_of_the_padded_image():
    torch.manual_seed(3)
    x = torch.rand(6, 3, 8, 8)
    out = cnn_cifar10.flip_and_shift(x)
    padded = torch.nn.functional.pad(torch.cat([x, x.flip(3)]), (2, 2, 2, 2), mode="reflect")
    for i in range(6):
        crops = [padded[j, :, dy:dy + 8, dx:dx + 8] for j in (i, i + 6) for dy in range(5) for dx in range(5)]
        assert any(torch.equal(out[i], crop) for crop in crops)


def test_airbench_recipe_trains_on_cpu_on_a_tiny_synthetic_set():
    cfg = cnn_cifar10.DEMO.config({"dataset": "shapes", "arch": "airbench", "width": 8, "batch_size": 64,
                                   "epochs": 2, "compile": True, "channels_last": True})
    data = place_data(make_shapes(384, 96), 0, 0, torch.device("cpu"))
    torch.manual_seed(0)
    model = cnn_cifar10.build_model(cfg)
    random_whitening = model.whiten.weight.clone()
    optimizer = cnn_cifar10.make_optimizer(model, cfg)
    steps = cnn_cifar10.steps_per_epoch(cfg, data)
    ctx = TrainContext(torch.device("cpu"), 0, 1, 0, 2 * steps)
    assert cnn_cifar10.training_network(model, cfg, ctx.device) is model  # compile is CUDA-only
    first = cnn_cifar10.train_epoch(model, optimizer, data, cfg, ctx)
    assert isinstance(model, AirbenchNet) and not torch.equal(model.whiten.weight, random_whitening)
    whitening = model.whiten.weight.clone()
    ctx.epoch = 2
    second = cnn_cifar10.train_epoch(model, optimizer, data, cfg, ctx)
    assert torch.equal(model.whiten.weight, whitening)  # frozen after the data-driven initialisation
    assert second["train_loss"] < first["train_loss"]
    assert cnn_cifar10.evaluate(model, data, cfg, ctx)["test_acc"] > 1 / 6  # better than chance


@pytest.mark.parametrize("native", [True, False])
def test_cpu_bf16_autocast_only_where_native_and_asked(native, monkeypatch):
    monkeypatch.setattr(device, "native_cpu_bf16", lambda: native)
    layer, x = torch.nn.Linear(4, 3), torch.randn(2, 4)
    with device.autocast(torch.device("cpu"), cpu_bf16=True):
        asked = layer(x).dtype
    with device.autocast(torch.device("cpu")):
        default = layer(x).dtype
    assert asked == (torch.bfloat16 if native else torch.float32) and default == torch.float32
