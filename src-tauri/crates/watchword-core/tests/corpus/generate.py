#!/usr/bin/env python3
"""Writes the picture half of Watchword's QR corpus: pictures a person meets
(photos of screens and paper, tiny renders, JPEG screenshots, the largest
versions, other character sets, several codes at once) and pictures that hold
no code, each made from a generated QR code degraded in code, with seeded
randomness. `cases.json` lists every file with the texts it must yield, in
reading order, and how it was made. See README.md in this folder.

Run from the repository (needs numpy, Pillow, opencv-python-headless, segno):
    tests/corpus/generate.sh        # makes a venv under the target folder and runs this
Writes pictures/ and cases.json beside this file; the same seed gives the same
pictures with the same library versions (JPEG encoders may differ by a bit
elsewhere, which is why the files are committed).
"""

import argparse
import base64
import json
import math
import random
import shutil
import urllib.parse
from pathlib import Path

import cv2
import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
OUT = HERE / "pictures"
SEED = 20261202  # --seed picks another for a held-aside check

# ---------------------------------------------------------------- texts

ISSUERS = [
    "GitHub", "GitLab", "Example", "Bänk Nord", "Mastodon", "Fastmail", "AWS",
    "Proton", "Discord", "Nextcloud", "Bitwarden", "Cloudflare", "Société Générale",
    "Kraken", "Dropbox", "Tuta", "npm", "PyPI", "Hetzner", "OVHcloud",
]
USERS = [
    "alice@example.com", "bob", "j.müller@example.de", "carol.smith@mail.example.org",
    "dave+2fa@example.net", "eve", "frank.o'neil@example.ie", "grace.hopper@navy.example",
]


def b32(rng, nbytes):
    return base64.b32encode(rng.randbytes(nbytes)).decode().rstrip("=")


def quote(s):
    return urllib.parse.quote(s, safe="@.+'")


def otpauth(rng, secret_bytes=None, extra=True):
    """A realistic otpauth:// link, different every call."""
    issuer = rng.choice(ISSUERS)
    user = rng.choice(USERS)
    secret = b32(rng, secret_bytes or rng.choice([10, 16, 20, 20, 20, 32]))
    kind = rng.choice(["totp"] * 5 + ["hotp"])
    text = f"otpauth://{kind}/{quote(issuer)}:{quote(user)}?secret={secret}&issuer={quote(issuer)}"
    if kind == "hotp":
        text += f"&counter={rng.randrange(0, 10000)}"
    if extra and rng.random() < 0.4:
        text += rng.choice(["&algorithm=SHA256", "&algorithm=SHA512&digits=8", "&digits=8&period=60", "&period=30"])
    return text


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    if wire == 0:
        return key + varint(payload)
    return key + varint(len(payload)) + payload


def migration(rng, accounts, index=0, size=1):
    """A Google Authenticator export link (`otpauth-migration://`) of real protobuf."""
    body = b""
    for _ in range(accounts):
        entry = (
            field(1, 2, rng.randbytes(rng.choice([10, 20])))
            + field(2, 2, f"{rng.choice(ISSUERS)}:{rng.choice(USERS)}".encode())
            + field(3, 2, rng.choice(ISSUERS).encode())
            + field(4, 0, 1)  # SHA1
            + field(5, 0, 1)  # 6 digits
            + field(6, 0, 2)  # TOTP
        )
        body += field(1, 2, entry)
    body += field(2, 0, 1) + field(3, 0, size) + field(4, 0, index) + field(5, 0, rng.randrange(1, 2**31))
    data = urllib.parse.quote(base64.b64encode(body).decode(), safe="")
    return f"otpauth-migration://offline?data={data}"


# ---------------------------------------------------------------- codes


def matrix(text, error="m", version=None, mode=None, encoding=None, eci=False, mask=None):
    code = segno.make(
        text, error=error, version=version, mode=mode, encoding=encoding, eci=eci,
        mask=mask, micro=False, boost_error=False,
    )
    return np.array(list(code.matrix_iter(scale=1, border=0)), dtype=np.uint8).astype(bool)


def render(m, module, quiet=4, fg=(0, 0, 0), bg=(255, 255, 255), style="square"):
    """RGB uint8 picture of a matrix; a fractional module size is antialiased
    (rendered large, then averaged down as a browser's zoom does)."""
    n = m.shape[0] + 2 * quiet
    padded = np.zeros((n, n), dtype=bool)
    padded[quiet:quiet + m.shape[0], quiet:quiet + m.shape[1]] = m
    if style == "dots":
        k = 16
        big = np.zeros((n * k, n * k), dtype=np.uint8)
        for y, x in zip(*np.nonzero(padded)):
            finder = (min(y, n - 1 - y) < quiet + 7 + 0 and min(x, n - 1 - x) < quiet + 7) and not (
                y >= n - quiet - 7 and x >= n - quiet - 7)
            if finder:
                big[y * k:(y + 1) * k, x * k:(x + 1) * k] = 255
            else:
                cv2.circle(big, (x * k + k // 2, y * k + k // 2), int(k * 0.42), 255, -1, cv2.LINE_AA)
        mask = cv2.resize(big, None, fx=module / k, fy=module / k, interpolation=cv2.INTER_AREA)
    elif float(module).is_integer():
        mask = np.kron(padded.astype(np.uint8) * 255, np.ones((int(module), int(module)), dtype=np.uint8))
    else:
        k = 8
        big = np.kron(padded.astype(np.uint8) * 255, np.ones((k, k), dtype=np.uint8))
        size = int(round(n * module))
        mask = cv2.resize(big, (size, size), interpolation=cv2.INTER_AREA)
    a = (mask.astype(np.float32) / 255.0)[..., None]
    out = a * np.array(fg, np.float32) + (1 - a) * np.array(bg, np.float32)
    return np.clip(out + 0.5, 0, 255).astype(np.uint8)


def paste(canvas, img, x, y):
    h, w = img.shape[:2]
    canvas[y:y + h, x:x + w] = img


# ---------------------------------------------------------------- screens

FONTS = {}


def font(size):
    if size not in FONTS:
        FONTS[size] = ImageFont.load_default(size=size)
    return FONTS[size]


WORDS = ("account security verify scan the code with your authenticator app enter the six digit "
         "code backup keys settings profile two factor authentication recovery password device "
         "sign in continue cancel help privacy terms download export transfer accounts").split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def ui_page(rng, w, h, dark=False, text_size=15, busy=1.0):
    """A web page or app screen: header bar, paragraphs, buttons, a sidebar."""
    bg = (24, 26, 30) if dark else rng.choice([(255, 255, 255), (248, 249, 251), (242, 240, 236)])
    ink = (225, 225, 225) if dark else (33, 37, 41)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    accent = rng.choice([(13, 110, 253), (25, 135, 84), (111, 66, 193), (214, 51, 132), (253, 126, 20)])
    d.rectangle([0, 0, w, 56], fill=(40, 44, 52) if dark else accent)
    d.text((24, 18), rng.choice(ISSUERS) + " – " + sentence(rng, 3), font=font(18), fill=(255, 255, 255))
    side = int(w * 0.18) if w > 900 else 0
    if side:
        d.rectangle([0, 56, side, h], fill=(32, 35, 40) if dark else (233, 236, 239))
        for i in range(int((h - 80) / 34 * busy)):
            d.text((18, 76 + i * 34), sentence(rng, 2), font=font(14), fill=ink)
    y = 80
    while y < h - 40:
        if rng.random() < 0.15 * busy:
            bw = rng.randrange(90, 180)
            d.rounded_rectangle([side + 32, y, side + 32 + bw, y + 36], 6, fill=accent)
            d.text((side + 44, y + 9), sentence(rng, 1), font=font(15), fill=(255, 255, 255))
            y += 52
        else:
            lines = rng.randrange(1, 5)
            for _ in range(lines):
                words = max(1, int((w - side - 80) / (text_size * 4.2)))
                d.text((side + 32, y), sentence(rng, rng.randrange(max(1, words // 2), words + 1)),
                       font=font(text_size), fill=ink)
                y += int(text_size * 1.6)
            y += int(text_size * 1.2 / max(busy, 0.2))
    return np.array(img)


def place_card(page, code, rng, x=None, y=None, dark=False):
    """Puts the code on a card (white, or dark for dark mode) in the page; returns its box."""
    h, w = page.shape[:2]
    ch, cw = code.shape[:2]
    pad = 16
    x = rng.randrange(40, max(41, w - cw - 40 - 2 * pad)) if x is None else x
    y = rng.randrange(70, max(71, h - ch - 40 - 2 * pad)) if y is None else y
    card = np.full((ch + 2 * pad, cw + 2 * pad, 3), 40 if dark else 255, np.uint8)
    card[pad:pad + ch, pad:pad + cw] = code
    paste(page, card, x, y)
    return (x + pad, y + pad, cw, ch)


def phone_export_screen(rng, text, w=1080, h=2340, module=None):
    """Google Authenticator's "Export accounts" screen: dark UI, a big code."""
    img = Image.new("RGB", (w, h), (32, 33, 36))
    d = ImageDraw.Draw(img)
    d.text((70, 160), "Export accounts", font=font(64), fill=(232, 234, 237))
    d.text((70, 280), "Scan this QR code to transfer your accounts", font=font(36), fill=(189, 193, 198))
    d.text((70, 330), "to another device", font=font(36), fill=(189, 193, 198))
    page = np.array(img)
    m = matrix(text, error="l")
    module = module or (w - 240) // (m.shape[0] + 8)
    code = render(m, module, quiet=4)
    x = (w - code.shape[1]) // 2
    paste(page, code, x, 480)
    img = Image.fromarray(page)
    d = ImageDraw.Draw(img)
    d.text((70, 480 + code.shape[0] + 80), "QR code 1 of 1", font=font(40), fill=(189, 193, 198))
    d.rounded_rectangle([w - 330, h - 220, w - 70, h - 110], 40, fill=(138, 180, 248))
    d.text((w - 270, h - 190), "Next", font=font(44), fill=(32, 33, 36))
    return np.array(img)


# ---------------------------------------------------------------- camera

def srgb_to_lin(a):
    a = a.astype(np.float32) / 255.0
    return np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)


def lin_to_srgb(a):
    a = np.clip(a, 0, 1)
    return np.clip(np.where(a <= 0.0031308, a * 12.92, 1.055 * a ** (1 / 2.4) - 0.055) * 255 + 0.5, 0, 255).astype(np.uint8)


def subpixels(screen):
    """Each screen pixel as a 3×3 block of R, G, B stripes with a dark gap
    row: the grid a camera aliases into moiré."""
    h, w = screen.shape[:2]
    out = np.zeros((h * 3, w * 3, 3), np.uint8)
    for c in range(3):
        out[:, c::3, c] = np.repeat(screen[:, :, c], 3, axis=0)
    out[2::3] = (out[2::3].astype(np.uint16) * 2 // 5).astype(np.uint8)
    return out


def room(rng, w, h):
    """A dim room behind the screen: warm gradient, blurred shapes, texture (linear light)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.array([rng.uniform(0.05, 0.25), rng.uniform(0.04, 0.2), rng.uniform(0.03, 0.15)], np.float32)
    grad = (0.6 + 0.8 * (xx / w) * rng.uniform(0.3, 1) + 0.5 * (yy / h))[..., None]
    img = base * grad
    for _ in range(8):
        cx, cy = rng.randrange(w), rng.randrange(h)
        rw, rh = rng.randrange(w // 10, w // 2), rng.randrange(h // 10, h // 2)
        color = np.array([rng.uniform(0, 0.4) for _ in range(3)], np.float32)
        cv2.rectangle(img, (cx - rw, cy - rh), (cx + rw, cy + rh), color.tolist(), -1)
    img = cv2.GaussianBlur(img, (0, 0), w / 60)
    img += np.random.default_rng(rng.randrange(2**32)).normal(0, 0.01, img.shape).astype(np.float32)
    return np.clip(img, 0, 1)


def projection(rng, sw, sh, out_w, out_h, scale, yaw, pitch, roll, center=None):
    """Corners of a sw×sh plane turned by yaw/pitch/roll (degrees) and seen by
    a pinhole camera so that its centre has `scale` photo pixels per unit."""
    f = 1.2 * out_w
    dist = f / scale
    ry, rx, rz = (math.radians(a) for a in (yaw, pitch, roll))
    R = (np.array([[math.cos(rz), -math.sin(rz), 0], [math.sin(rz), math.cos(rz), 0], [0, 0, 1]])
         @ np.array([[1, 0, 0], [0, math.cos(rx), -math.sin(rx)], [0, math.sin(rx), math.cos(rx)]])
         @ np.array([[math.cos(ry), 0, math.sin(ry)], [0, 1, 0], [-math.sin(ry), 0, math.cos(ry)]]))
    cx, cy = center or (out_w / 2, out_h / 2)

    def project(px, py):
        p = R @ np.array([px - sw / 2, py - sh / 2, 0.0]) + np.array([0, 0, dist])
        return (f * p[0] / p[2] + cx, f * p[1] / p[2] + cy)

    return project


def barrel(img, k1, k2=0.0):
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = (xx - w / 2) / (w / 2), (yy - h / 2) / (w / 2)
    r2 = nx * nx + ny * ny
    factor = 1 + k1 * r2 + k2 * r2 * r2
    # Barrel: the output at radius r shows the scene from a larger radius (normalised so the corners stay).
    norm = 1 + k1 * (1 + (h / w) ** 2) + k2 * (1 + (h / w) ** 2) ** 2
    mx = (nx * factor / norm) * (w / 2) + w / 2
    my = (ny * factor / norm) * (w / 2) + h / 2
    return cv2.remap(img, mx.astype(np.float32), my.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def disk_kernel(r):
    k = int(math.ceil(r))
    yy, xx = np.mgrid[-k:k + 1, -k:k + 1]
    kern = ((xx * xx + yy * yy) <= r * r + 0.5).astype(np.float32)
    return kern / kern.sum()


def motion_kernel(length, angle):
    k = int(math.ceil(length / 2)) + 1
    kern = np.zeros((2 * k + 1, 2 * k + 1), np.float32)
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    for t in np.linspace(-length / 2, length / 2, int(length * 4) + 1):
        kern[int(round(k + t * dy)), int(round(k + t * dx))] += 1
    return kern / kern.sum()


def photograph(rng, scene, *, kind="lcd", out=(1024, 768), scale=1.0, yaw=0.0, pitch=0.0, roll=0.0,
               offset=(0, 0), brightness=1.0, black=0.02, bezel=30, glare=0.0, defocus=0.0, motion=0.0,
               barrel_k=0.0, light=1.0, noise=0.01, sharpen=0.5, quality=75, vignette=0.3, shadow=0.0,
               curl=0.0, psf=0.45):
    """A phone camera's picture of `scene` (an sRGB screen or printed page):
    perspective (pinhole camera turned by yaw/pitch/roll), an LCD's subpixel
    grid sampled without prefiltering (moiré), bezel and room around it, glare,
    vignetting, lens blur or shake, barrel distortion, exposure with shot and
    read noise, the phone's sharpening, JPEG. Returns the JPEG bytes."""
    out_w, out_h = out
    sh, sw = scene.shape[:2]
    if kind == "lcd":
        src = subpixels(scene)
        unit = 3.0
    else:
        src = scene
        unit = 1.0
    project = projection(rng, sw, sh, out_w, out_h, scale, yaw, pitch, roll,
                         center=(out_w / 2 + offset[0], out_h / 2 + offset[1]))
    corners = np.float32([[0, 0], [sw, 0], [sw, sh], [0, sh]])
    dst = np.float32([project(x, y) for x, y in corners])
    H = cv2.getPerspectiveTransform(corners * unit, dst)
    lin_src = srgb_to_lin(src)
    if kind == "lcd":
        lin_src = black + (1 - black) * lin_src * brightness
    else:
        # Paper under room light: ink is not black, paper not white.
        lin_src = 0.04 + 0.78 * lin_src * brightness
        if shadow:
            yy, xx = np.mgrid[0:lin_src.shape[0], 0:lin_src.shape[1]].astype(np.float32)
            ang = rng.uniform(0, math.pi)
            d = (xx * math.cos(ang) + yy * math.sin(ang)) / max(lin_src.shape[:2])
            edge = rng.uniform(0.3, 0.7)
            lin_src = lin_src * (1 - shadow / (1 + np.exp(-(d - edge) * 40)))[..., None]
    if curl:
        # A page that does not lie flat: rows bend as on a cylinder.
        h2, w2 = lin_src.shape[:2]
        yy, xx = np.mgrid[0:h2, 0:w2].astype(np.float32)
        t = (xx / w2 - 0.5) * 2
        my = yy + curl * h2 * (t * t - 0.3)
        lin_src = cv2.remap(lin_src, xx, my.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    photo = room(rng, out_w, out_h)
    # The bezel (or the table under the page): a darker frame projected with the screen.
    b = bezel
    frame = np.float32([project(x, y) for x, y in [(-b, -b), (sw + b, -b), (sw + b, sh + b), (-b, sh + b)]])
    frame_color = [0.015, 0.015, 0.017] if kind == "lcd" else [rng.uniform(0.1, 0.3)] * 3
    cv2.fillConvexPoly(photo, np.round(frame * 16).astype(np.int32), frame_color, cv2.LINE_AA, 4)
    # The sensor integrates light over each photosite: render at 3× and average
    # down, with the lens's blur in between. What the average cannot remove of
    # the subpixel grid folds back as moiré.
    ss = 3
    S = np.diag([ss, ss, 1.0]).astype(np.float64) @ H
    fine = cv2.warpPerspective(lin_src, S, (out_w * ss, out_h * ss), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    fine = cv2.GaussianBlur(fine, (0, 0), ss * psf)
    warped = cv2.resize(fine, (out_w, out_h), interpolation=cv2.INTER_AREA)
    del fine
    mask = cv2.warpPerspective(np.ones(lin_src.shape[:2], np.float32), H, (out_w, out_h), flags=cv2.INTER_LINEAR)
    photo = photo * (1 - mask[..., None]) + warped * mask[..., None]
    if kind == "lcd":
        # The room reflected in the glass.
        photo += mask[..., None] * rng.uniform(0.005, 0.03)
    yy, xx = np.mgrid[0:out_h, 0:out_w].astype(np.float32)
    if glare:
        gx, gy = rng.uniform(0.25, 0.75) * out_w, rng.uniform(0.25, 0.75) * out_h
        sx, sy = rng.uniform(0.05, 0.2) * out_w, rng.uniform(0.05, 0.15) * out_h
        blob = np.exp(-(((xx - gx) / sx) ** 2 + ((yy - gy) / sy) ** 2) / 2)
        photo += glare * blob[..., None] * np.array([1.0, 0.97, 0.9], np.float32)
    if defocus:
        photo = cv2.filter2D(photo, -1, disk_kernel(defocus))
    if motion:
        photo = cv2.filter2D(photo, -1, motion_kernel(motion, rng.uniform(0, 180)))
    if barrel_k:
        photo = barrel(photo, barrel_k)
    if vignette:
        r2 = ((xx - out_w / 2) ** 2 + (yy - out_h / 2) ** 2) / ((out_w / 2) ** 2 + (out_h / 2) ** 2)
        photo *= (1 - vignette * r2)[..., None]
    # Exposure and sensor: photons (shot noise), read noise, then the phone brightens it back.
    gen = np.random.default_rng(rng.randrange(2**32))
    full_well = 4000.0 * light
    photons = gen.poisson(np.clip(photo, 0, None) * full_well).astype(np.float32)
    photo = (photons + gen.normal(0, 2.5, photo.shape)) / full_well
    photo += gen.normal(0, noise, photo.shape).astype(np.float32)
    # Auto exposure: the brightest percent just below white.
    photo *= 0.92 / max(float(np.percentile(photo, 99)), 1e-3)
    srgb = lin_to_srgb(photo)
    # The phone's noise reduction: colour noise smoothed away, some of the grain.
    ycc = cv2.cvtColor(srgb, cv2.COLOR_RGB2YCrCb)
    ycc[..., 1:] = cv2.GaussianBlur(ycc[..., 1:], (0, 0), 1.5)
    ycc[..., 0] = cv2.fastNlMeansDenoising(np.ascontiguousarray(ycc[..., 0]), None, 4 if light >= 0.1 else 9, 5, 15)
    srgb = cv2.cvtColor(ycc, cv2.COLOR_YCrCb2RGB)
    if sharpen:
        soft = cv2.GaussianBlur(srgb, (0, 0), 1.2)
        srgb = cv2.addWeighted(srgb, 1 + sharpen, soft, -sharpen, 0)
    return jpeg_bytes(srgb, quality)


def jpeg_bytes(rgb, quality):
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    assert ok
    return data.tobytes()


def png_bytes(rgb):
    if rgb.ndim == 3 and (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all():
        rgb = rgb[..., 0]
    if rgb.ndim == 2:
        ok, data = cv2.imencode(".png", rgb, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    else:
        ok, data = cv2.imencode(".png", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    assert ok
    return data.tobytes()


# ---------------------------------------------------------------- cases

class Corpus:
    def __init__(self, out):
        self.cases = []
        self.out = out
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)

    def add(self, group, name, data, ext, texts, how):
        file = f"{len(self.cases):03d}-{name}.{ext}"
        (self.out / file).write_bytes(data)
        self.cases.append({"file": file, "group": group, "texts": texts, "how": how})


def screen_with_code(rng, text, module, dark=False, w=1280, h=800, error="m", invert=False):
    page = ui_page(rng, w, h, dark=dark)
    fg, bg = ((255, 255, 255), (24, 26, 30)) if invert else ((0, 0, 0), (255, 255, 255))
    code = render(matrix(text, error=error), module, fg=fg, bg=bg)
    place_card(page, code, rng, x=(w - code.shape[1]) // 2 + rng.randrange(-80, 80),
               y=(h - code.shape[0]) // 2 + rng.randrange(-40, 40), dark=invert)
    return page


def photos_of_screens(c, rng):
    g = "photo of a screen"
    # (name, module on screen, photo px per screen px, yaw, pitch, roll, extra)
    plans = [
        ("straight", 6, 0.9, 0, 0, 2, {}),
        ("tilt-20", 6, 0.85, 20, 5, -4, {}),
        ("tilt-35", 7, 0.9, -35, 8, 6, {}),
        ("tilt-50", 8, 1.0, 50, -10, 3, {}),
        ("moire-strong", 5, 1.02, 8, 4, 12, {"sharpen": 1.0, "noise": 0.004, "psf": 0.25}),
        ("moire-tilted", 6, 1.15, -22, 14, -9, {"sharpen": 0.8, "psf": 0.3}),
        ("glare", 6, 0.9, 12, -6, 3, {"glare": 1.6}),
        ("glare-tilted", 7, 0.95, -28, 0, -5, {"glare": 1.2}),
        ("defocus", 6, 0.9, 5, 5, 1, {"defocus": 3.5}),
        ("motion-blur", 6, 0.9, -6, 3, 2, {"motion": 7}),
        ("low-light", 6, 0.9, 10, 0, -2, {"light": 0.015, "brightness": 0.3, "noise": 0.02}),
        ("low-light-dark-mode", 6, 0.9, -14, 6, 4, {"light": 0.02, "brightness": 0.35, "noise": 0.02, "invert": True}),
        ("barrel-wide", 6, 0.8, 4, -3, -2, {"barrel_k": 0.22, "offset": (260, 150)}),
        ("far-small", 4, 0.75, 6, 3, 1, {"out": (1280, 960)}),
        ("dark-mode-code", 6, 0.9, 18, -4, 2, {"invert": True}),
        ("compressed-hard", 6, 0.9, -9, 5, -3, {"quality": 35, "out": (960, 720)}),
        ("everything", 7, 0.95, 28, 10, -7, {"glare": 0.9, "defocus": 1.8, "barrel_k": 0.1, "light": 0.05, "quality": 60}),
    ]
    for name, module, scale, yaw, pitch, roll, extra in plans:
        text = otpauth(rng)
        invert = extra.pop("invert", False)
        page = screen_with_code(rng, text, module, dark=invert, invert=invert)
        params = dict(scale=scale, yaw=yaw, pitch=pitch, roll=roll)
        params.update(extra)
        data = photograph(rng, page, kind="lcd", **params)
        how = (f"{'dark-mode ' if invert else ''}web page with the code at {module} px per module on a 1280×800 LCD "
               f"(RGB subpixel stripes), photographed at {scale} photo px per screen px, yaw {yaw}°, "
               f"pitch {pitch}°, roll {roll}°; " + ", ".join(f"{k} {v}" for k, v in extra.items()))
        c.add(g, name, data, "jpg", [text], how)

    # A phone photo of a Google Authenticator export screen (barrel distortion, moiré).
    for i, (accounts, scale, yaw, k) in enumerate([(4, 0.55, 8, 0.12), (10, 0.6, -12, 0.18)]):
        text = migration(rng, accounts)
        screen = phone_export_screen(rng, text)
        data = photograph(rng, screen, kind="lcd", out=(900, 1200), scale=scale * 0.75, yaw=yaw, pitch=6, roll=-3,
                          barrel_k=k, bezel=60, sharpen=0.9, quality=80)
        c.add(g, f"gauth-export-{accounts}-accounts", data, "jpg", [text],
              f"Google Authenticator's export screen (1080×2340, dark UI, {accounts} accounts, error level L) "
              f"photographed by another phone: subpixel moiré, barrel k1={k}, yaw {yaw}°, JPEG 80")


def paper(c, rng):
    g = "paper"
    # A printed backup sheet: four codes with captions, photographed on a table.
    texts = [otpauth(rng) for _ in range(4)]
    sheet = Image.new("RGB", (1240, 1754), (255, 255, 255))  # A4 at 150 dpi
    d = ImageDraw.Draw(sheet)
    d.text((90, 70), "Watchword – printed backup", font=font(34), fill=(0, 0, 0))
    arr = np.array(sheet)
    for i, t in enumerate(texts):
        code = render(matrix(t), 7)
        x, y = 110 + (i % 2) * 560, 220 + (i // 2) * 700
        paste(arr, code, x, y)
        Image.fromarray(arr)
    sheet = Image.fromarray(arr)
    d = ImageDraw.Draw(sheet)
    for i, t in enumerate(texts):
        x, y = 110 + (i % 2) * 560, 220 + (i // 2) * 700
        d.text((x, y + 430), urllib.parse.unquote(t.split("?")[0][15:]), font=font(20), fill=(0, 0, 0))
    arr = np.array(sheet)
    # Toner spread: a slightly blurred print.
    arr = cv2.GaussianBlur(arr, (0, 0), 0.8)
    data = photograph(rng, arr, kind="paper", out=(960, 1280), scale=0.62, yaw=-10, pitch=14, roll=4, bezel=80,
                      shadow=0.45, quality=82)
    c.add(g, "backup-sheet-photo", data, "jpg", texts,
          "A4 sheet (150 dpi) with four codes at 7 px per module, printed (blur 0.8), photographed on a table "
          "with yaw −10°, pitch 14°, a hand's shadow across it, JPEG 82")
    data = photograph(rng, arr, kind="paper", out=(960, 1280), scale=0.6, yaw=6, pitch=-8, roll=-2, bezel=80,
                      curl=0.035, light=0.08, quality=80)
    c.add(g, "backup-sheet-curled", data, "jpg", texts,
          "the same sheet not lying flat (rows bent as on a cylinder, 3.5 % of its height), dim light, JPEG 80")
    # A single printed code, close up, with a shadow and some defocus.
    t = otpauth(rng)
    page = np.full((1000, 900, 3), 255, np.uint8)
    paste(page, render(matrix(t, error="q"), 12), 80, 120)
    data = photograph(rng, cv2.GaussianBlur(page, (0, 0), 1.0), kind="paper", scale=0.75, yaw=25, pitch=-15,
                      roll=30, bezel=40, shadow=0.6, defocus=2.0, quality=85)
    c.add(g, "printed-close-shadow", data, "jpg", [t],
          "one printed code (12 px per module, level Q) photographed close at yaw 25°, pitch −15°, roll 30°, "
          "a hard shadow over part of it, defocus 2 px")
    # Scans: 300 dpi, slightly crooked, faded toner, JPEG.
    for i, (angle, fade, q) in enumerate([(1.7, 0.0, 75), (-3.2, 0.55, 60)]):
        t = otpauth(rng)
        page = np.full((1400, 1100, 3), 255, np.uint8)
        code = render(matrix(t), 9)
        if fade:
            code = (255 - (255 - code.astype(np.float32)) * (1 - fade)).astype(np.uint8)
        paste(page, code, 300, 400)
        M = cv2.getRotationMatrix2D((550, 700), angle, 1.0)
        page = cv2.warpAffine(page, M, (1100, 1400), flags=cv2.INTER_LINEAR, borderValue=(250, 250, 248))
        gen = np.random.default_rng(rng.randrange(2**32))
        texture = cv2.GaussianBlur(gen.normal(0, 6, page.shape[:2]).astype(np.float32), (0, 0), 2)
        page = np.clip(page.astype(np.float32) * 0.97 + texture[..., None] + gen.normal(0, 3, page.shape), 0, 255)
        page = cv2.GaussianBlur(page.astype(np.uint8), (0, 0), 0.9)
        c.add(g, f"scan-{i + 1}", jpeg_bytes(page, q), "jpg", [t],
              f"a scanned page: code at 9 px per module, turned {angle}°, {'toner faded to ' + str(int(100 - fade * 100)) + ' % contrast, ' if fade else ''}"
              f"paper texture, scanner blur 0.9, JPEG {q}")


def tiny(c, rng):
    g = "tiny render"
    # 1 px per module, no quiet zone: the code cut out exactly.
    t = otpauth(rng, 10, extra=False)
    c.add(g, "1px-no-quiet-zone", png_bytes(render(matrix(t, error="l"), 1, quiet=0)), "png", [t],
          "1 pixel per module, no quiet zone at all: the picture is the code")
    t = otpauth(rng)
    c.add(g, "2px-no-quiet-zone", png_bytes(render(matrix(t), 2, quiet=0)), "png", [t],
          "2 pixels per module, no quiet zone")
    # Tiny codes in web page screenshots: sharp, and under a browser's zoom.
    for module, name in [(1, "1px-in-page"), (1.5, "1.5px-zoomed"), (1.25, "1.25px-zoomed")]:
        t = otpauth(rng, 10, extra=False)
        page = ui_page(rng, 1366, 768)
        code = render(matrix(t, error="l"), module, quiet=2)
        x, y = rng.randrange(300, 1000), rng.randrange(200, 600)
        paste(page, code, x, y)
        how = (f"{module} px per module ({'browser zoom, antialiased edges' if not float(module).is_integer() else 'sharp'}), "
               "2-module quiet zone, in a 1366×768 page screenshot (PNG)")
        c.add(g, name, png_bytes(page), "png", [t], how)
    # A screenshot cropped tightly: the crop runs along the code's right and bottom edges.
    t = otpauth(rng, 10, extra=False)
    page = ui_page(rng, 1366, 768)
    code = render(matrix(t, error="l"), 2, quiet=0)
    x, y = rng.randrange(300, 900), rng.randrange(200, 500)
    paste(page, code, x, y)
    page = page[:y + code.shape[0], :x + code.shape[1]]
    c.add(g, "2px-cropped-at-code", png_bytes(page), "png", [t],
          "2 px per module, no quiet zone; a page screenshot cropped along the code's right and bottom edges")
    # Inverted tiny code.
    t = otpauth(rng, 10, extra=False)
    code = render(matrix(t, error="l"), 2, quiet=1, fg=(230, 230, 230), bg=(18, 18, 18))
    page = ui_page(rng, 800, 600, dark=True)
    paste(page, code, 500, 300)
    c.add(g, "2px-inverted-dark-page", png_bytes(page), "png", [t],
          "light-on-dark code at 2 px per module, 1-module quiet zone, in a dark page")


def jpeg_screenshots(c, rng):
    g = "JPEG screenshot"
    for q, module, dark, color in [(25, 4, False, None), (40, 3, False, (20, 40, 120)), (30, 4, True, None),
                                   (50, 3, False, (120, 20, 60)), (18, 6, False, None)]:
        t = otpauth(rng)
        page = ui_page(rng, 1440, 900, dark=dark)
        fg, bg = ((235, 235, 235), (30, 32, 36)) if dark else (color or (0, 0, 0), (255, 255, 255))
        code = render(matrix(t), module, fg=fg, bg=bg)
        place_card(page, code, rng, dark=dark)
        how = (f"{'dark-mode page, light-on-dark code' if dark else 'page'} at {module} px per module"
               f"{', modules in colour ' + str(color) if color else ''}, 1440×900 screenshot saved as JPEG {q} "
               "(4:2:0 chroma)")
        c.add(g, f"q{q}-{module}px{'-dark' if dark else ''}", jpeg_bytes(page, q), "jpg", [t], how)


def largest(c, rng):
    g = "largest versions"
    # Version 40: long texts that need it.
    t1 = otpauth(rng) + "&note=" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(2700))
    m = matrix(t1, error="l", version=40)
    c.add(g, "v40-L-2px", png_bytes(render(m, 2)), "png", [t1], "version 40-L (2,900 characters), 2 px per module, PNG")
    t2 = migration(rng, 16)
    m = matrix(t2, error="m")
    page = ui_page(rng, 1920, 1080)
    code = render(m, 3)
    place_card(page, code, rng)
    c.add(g, f"migration-v{(m.shape[0] - 17) // 4}-3px-jpeg", jpeg_bytes(page, 70), "jpg", [t2],
          f"Google Authenticator export of 16 accounts (version {(m.shape[0] - 17) // 4}-M) at 3 px per module "
          "in a 1920×1080 screenshot, JPEG 70")
    t3 = otpauth(rng) + "&image=" + quote("https://example.com/" + b32(rng, 480))
    m = matrix(t3, error="h", version=40)
    page = ui_page(rng, 1280, 800)
    page = cv2.resize(page, (1600, 1000))
    code = render(m, 4)
    place = np.full((max(page.shape[0], code.shape[0] + 200), page.shape[1], 3), 255, np.uint8)
    place[:page.shape[0]] = page
    paste(place, code, 400, 100)
    data = photograph(rng, place, kind="lcd", out=(1280, 960), scale=0.8, yaw=10, pitch=5, roll=2, quality=90,
                      sharpen=0.3)
    c.add(g, "v40-H-photo", data, "jpg", [t3],
          "version 40-H at 4 px per module on an LCD, photographed straight-ish (yaw 10°) at 3.2 photo px per module, JPEG 90")


def charsets(c, rng):
    g = "character sets"
    kanji = "二段階認証の秘密鍵を安全に保管してください"
    c.add(g, "kanji-mode", png_bytes(render(matrix(kanji, mode="kanji"), 5)), "png", [kanji],
          "Kanji mode (Shift JIS double bytes), 5 px per module")
    jp = "otpauth://totp/" + quote("楽天銀行:太郎") + "?secret=" + b32(rng, 20) + "&issuer=" + quote("楽天銀行")
    # An otpauth link whose label is Japanese, in byte mode with a UTF-8 ECI.
    utf = "Grüße aus Köln – 東京 – Ωμέγα – " + b32(rng, 10)
    page = ui_page(rng, 1000, 700)
    code = render(matrix(utf, encoding="utf-8", eci=True), 4)
    paste(page, code, 520, 220)
    c.add(g, "utf8-eci", png_bytes(page), "png", [utf], "byte mode with ECI 26 (UTF-8): German, Japanese and Greek")
    latin = "Société Générale: café crème, naïve façade (ISO-8859-1)"
    c.add(g, "latin1-no-eci", png_bytes(render(matrix(latin, encoding="iso-8859-1"), 4)), "png", [latin],
          "byte mode in ISO-8859-1 without an ECI (the standard's default)")
    sjis = "パスワード: " + b32(rng, 5)
    code = render(matrix(sjis, encoding="shift_jis", eci=True), 4)
    data = photograph(rng, code, kind="lcd", out=(800, 800), scale=1.4, yaw=12, pitch=-5, roll=8, quality=85,
                      bezel=10)
    c.add(g, "shift-jis-eci-photo", data, "jpg", [sjis],
          "byte mode with ECI 20 (Shift JIS), photographed on an LCD at yaw 12°")
    c.add(g, "japanese-label-otpauth", png_bytes(render(matrix(jp), 3)), "png", [jp],
          "an otpauth link with a percent-encoded Japanese label, 3 px per module")
    num = "".join(rng.choice("0123456789") for _ in range(600))
    c.add(g, "numeric-mode", jpeg_bytes(render(matrix(num), 3), 60), "jpg", [num],
          "numeric mode, 600 digits, 3 px per module, JPEG 60")


def many(c, rng):
    g = "several codes"
    # A 3×3 grid of export codes in a page screenshot.
    texts = [migration(rng, 3, i, 9) for i in range(9)]
    page = np.full((1080, 1920, 3), 250, np.uint8)
    for i, t in enumerate(texts):
        code = render(matrix(t, error="l"), 3)
        paste(page, code, 300 + (i % 3) * 460, 60 + (i // 3) * 340)
    c.add(g, "grid-3x3", png_bytes(page), "png", texts, "nine export codes (3 px per module) in a 3×3 grid, PNG")
    # Mixed sizes and polarities in one page.
    texts = [otpauth(rng) for _ in range(3)]
    page = ui_page(rng, 1600, 900)
    paste(page, render(matrix(texts[0]), 5), 200, 150)
    paste(page, render(matrix(texts[1]), 2), 900, 200)
    paste(page, render(matrix(texts[2]), 4, fg=(240, 240, 240), bg=(20, 20, 20)), 600, 520)
    c.add(g, "mixed-sizes-polarity", png_bytes(page), "png", texts,
          "three codes in one page: 5 px, 2 px, and a light-on-dark one at 4 px")
    # A photo of a screen with two codes side by side.
    texts = [otpauth(rng), otpauth(rng)]
    page = ui_page(rng, 1280, 800)
    paste(page, render(matrix(texts[0]), 5), 180, 200)
    paste(page, render(matrix(texts[1]), 5), 700, 200)
    data = photograph(rng, page, kind="lcd", scale=0.95, yaw=-15, pitch=5, roll=-3, quality=85)
    c.add(g, "two-on-screen-photo", data, "jpg", texts, "two codes on an LCD, photographed at yaw −15°")


def styled(c, rng):
    g = "styled and noisy"
    t = otpauth(rng)
    code = render(matrix(t, error="h"), 8)
    h = code.shape[0]
    logo = Image.new("RGB", (h // 4, h // 4), (255, 255, 255))
    ImageDraw.Draw(logo).ellipse([6, 6, h // 4 - 6, h // 4 - 6], fill=(219, 68, 55))
    paste(code, np.array(logo), h // 2 - h // 8, h // 2 - h // 8)
    c.add(g, "logo-centre", png_bytes(code), "png", [t], "level H with a logo covering the centre (1/16 of the area)")
    t = otpauth(rng)
    c.add(g, "brand-colours", png_bytes(render(matrix(t, error="q"), 6, fg=(0, 70, 140), bg=(255, 214, 102))), "png",
          [t], "dark blue modules on a yellow ground")
    t = otpauth(rng)
    c.add(g, "dots", png_bytes(render(matrix(t, error="q"), 8, style="dots")), "png", [t],
          "round dots (84 % of a module) instead of squares, square finder patterns")
    # A code exported with a transparent background (transparent pixels are black with alpha 0).
    t = otpauth(rng)
    m = render(matrix(t), 5)[..., 0]
    rgba = np.zeros(m.shape + (4,), np.uint8)
    rgba[..., 3] = 255 - m
    ok, data = cv2.imencode(".png", rgba)
    assert ok
    c.add(g, "transparent-background", data.tobytes(), "png", [t],
          "black modules on a fully transparent background (RGBA; the transparent pixels are black with alpha 0)")
    for p in [0.15, 0.25]:
        t = otpauth(rng)
        img = render(matrix(t), 6, quiet=6)[..., 0].copy()
        gen = np.random.default_rng(rng.randrange(2**32))
        flip = gen.random(img.shape) < p
        img[flip] = 255 - img[flip]
        c.add(g, f"salt-pepper-{int(p * 100)}", png_bytes(img), "png", [t],
              f"{int(p * 100)} % of pixels flipped (salt and pepper), 6 px per module")
    t = otpauth(rng)
    img = render(matrix(t), 5)[..., 0].astype(np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    img = np.clip(img * 0.5 + 64 + gen.normal(0, 45, img.shape), 0, 255).astype(np.uint8)
    c.add(g, "gaussian-noise-low-contrast", png_bytes(img), "png", [t],
          "contrast halved (64–191) and Gaussian noise σ=45")


def negatives(c, rng):
    g = "no code"
    page = ui_page(rng, 1280, 800)
    c.add(g, "page-without-code", png_bytes(page), "png", [], "a page screenshot with no code")
    data = photograph(rng, ui_page(rng, 1280, 800), kind="lcd", scale=0.9, yaw=15, quality=80)
    c.add(g, "photo-without-code", data, "jpg", [], "a photo of a screen with no code")
    # Finder patterns alone, and a code whose data is beyond repair.
    m = matrix(otpauth(rng))
    only = np.zeros_like(m)
    n = m.shape[0]
    for y0, x0 in [(0, 0), (0, n - 7), (n - 7, 0)]:
        only[y0:y0 + 7, x0:x0 + 7] = m[y0:y0 + 7, x0:x0 + 7]
    c.add(g, "finder-patterns-only", png_bytes(render(only, 6)), "png", [], "three finder patterns, no modules")
    noise = m.copy()
    gen = np.random.default_rng(rng.randrange(2**32))
    data_area = np.ones_like(m, dtype=bool)
    for y0, x0 in [(0, 0), (0, n - 8), (n - 8, 0)]:
        data_area[y0:y0 + 8, x0:x0 + 8] = False
    data_area[6, :] = False
    data_area[:, 6] = False
    noise[data_area] = gen.random(data_area.sum()) < 0.5
    c.add(g, "finders-random-data", png_bytes(render(noise, 6)), "png", [],
          "finder and timing patterns of a real code, data modules random")
    broken = m.copy()
    broken[n // 4:n * 3 // 4, n // 4:n * 3 // 4] = gen.random((n // 2 + n % 2, n // 2 + n % 2))[:broken[n // 4:n * 3 // 4, n // 4:n * 3 // 4].shape[0], :broken[n // 4:n * 3 // 4, n // 4:n * 3 // 4].shape[1]] < 0.5
    c.add(g, "damaged-beyond-repair", png_bytes(render(broken, 6)), "png", [],
          "a level-M code with its central quarter of the area scrambled (more than M can correct)")
    check = np.indices((60, 60)).sum(axis=0) % 2 == 0
    c.add(g, "checkerboard", png_bytes(render(check, 6)), "png", [], "a checkerboard")
    grid = np.random.default_rng(rng.randrange(2**32)).random((40, 40)) < 0.5
    c.add(g, "random-modules", png_bytes(render(grid, 5)), "png", [], "random black and white modules, no finder patterns")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="one group's maker (a preview, written to --preview-dir)")
    parser.add_argument("--preview-dir", default="/tmp/qr-corpus-preview")
    parser.add_argument("--seed", type=int, help="another seed, written to --preview-dir (a held-aside set)")
    args = parser.parse_args()
    rng = random.Random(args.seed or SEED)
    preview = args.only or args.seed
    c = Corpus(Path(args.preview_dir) if preview else OUT)
    for make in [photos_of_screens, paper, tiny, jpeg_screenshots, largest, charsets, many, styled, negatives]:
        seed = rng.randrange(2**32)
        if not args.only or args.only == make.__name__:
            make(c, random.Random(seed))
    if preview:
        (Path(args.preview_dir) / "cases.json").write_text(json.dumps({"cases": c.cases}, ensure_ascii=False))
        return
    manifest = {
        "about": "Generated by generate.py (seed %d); each file must yield exactly `texts`, in reading order." % SEED,
        "cases": c.cases,
    }
    (HERE / "cases.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    total = sum((OUT / x["file"]).stat().st_size for x in c.cases)
    print(f"{len(c.cases)} pictures, {total / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
