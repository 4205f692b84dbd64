"""Images for tests: photo-like JPEGs carrying everything a phone writes into a file."""

from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import ExifTags, Image, ImageCms

CAMERA_MAKE = "LoaTestCam"
CAMERA_SERIAL = "SN-0042-LOA"
OWNER = "Nguyen Van Chup"
COPYRIGHT = "(c) So Giao duc Quang Ninh"
COMMENT = "secret-comment-42"
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="LoaTestTool"/>'
       b'</rdf:RDF></x:xmpmeta>')
# What must never reach a published file.
LEAKS = (CAMERA_MAKE.encode(), CAMERA_SERIAL.encode(), OWNER.encode(), COMMENT.encode(), b"LoaTestTool",
         b"Exif\x00\x00", b"http://ns.adobe.com", b"ICC_PROFILE")


def noise_image(size: tuple[int, int], seed: int = 1, mode: str = "RGB") -> Image.Image:
    """Smooth colour areas plus grain: many colours, compresses like a photo."""
    rng = random.Random(seed)
    base = Image.frombytes("RGB", (8, 6), rng.randbytes(8 * 6 * 3)).resize(size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))
    image = Image.blend(base, grain, 0.12)
    return image.convert(mode) if mode != "RGB" else image


def camera_exif(orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: make, owner, copyright, serial number, GPS position, orientation."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = "Model 7"
    exif[ExifTags.Base.Artist] = OWNER
    exif[ExifTags.Base.Copyright] = COPYRIGHT
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.BodySerialNumber] = CAMERA_SERIAL
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (20.0, 57.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (107.0, 4.0, 30.0)
    return exif


def camera_jpeg(size: tuple[int, int] = (2000, 1500), seed: int = 1, orientation: int | None = None,
                image: Image.Image | None = None) -> bytes:
    """A JPEG with camera EXIF (GPS included), XMP, an ICC profile and a comment."""
    out = io.BytesIO()
    picture = image or noise_image(size, seed)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    picture.save(out, "JPEG", quality=90, exif=camera_exif(orientation).tobytes(), xmp=XMP, icc_profile=icc,
                 comment=COMMENT)
    return out.getvalue()


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares a huge size: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
