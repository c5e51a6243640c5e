#!/usr/bin/env python3
"""Writes the hostile uploads of issue 16 into a directory, for scripts/measure-bomb-rss.sh.

pom        a POM nesting <a> DEPTH deep (default 10,000,000: 66 MiB)
nupkg      a .nupkg with a valid nuspec and ENTRIES empty entries (default 1,500,000)
npm.json   an npm publish document whose version manifest holds KEYS keys (default 1,300,000: ~16 MB)
pypi.body  a multipart body of PARTS fields whose names are NAME characters (default 40,000 x 16,000)
npm-bomb.json / sdist-bomb.tar.gz  a gzip bomb (a tar member of BOMB bytes of zeros) as an npm publish and a PyPI sdist
"""
import base64, hashlib, io, json, os, sys, tarfile, zipfile, zlib

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
env = lambda k, d: int(os.environ.get(k, d))

depth = env("DEPTH", 10_000_000)
with open(f"{out}/pom", "wb") as f:
    f.write(b'<?xml version="1.0"?><project>')
    f.write(b"<a>" * depth)
    f.write(b"</a>" * depth)
    f.write(b"</project>")

nuspec = b'<?xml version="1.0"?><package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd"><metadata><id>Bomb.Entries</id><version>1.0.0</version><authors>x</authors><description>x</description></metadata></package>'
with zipfile.ZipFile(f"{out}/nupkg", "w", zipfile.ZIP_STORED) as z:
    z.writestr("Bomb.Entries.nuspec", nuspec)
    for i in range(env("ENTRIES", 1_500_000)):
        z.writestr(zipfile.ZipInfo(f"{i:x}"), b"")


def tgz(members):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w|") as t:
        for name, size, data in members:
            info = tarfile.TarInfo(name)
            info.size = size
            t.addfile(info, data)
    return raw.getvalue()


class Zeros(io.RawIOBase):
    def __init__(self, n): self.n = n
    def readable(self): return True
    def readinto(self, b):
        k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k


def gzip_tar_stream(path, members):
    """A tar.gz written member by member, zeros streamed, so the bomb never sits in memory."""
    import gzip
    with gzip.open(path, "wb", compresslevel=9) as g, tarfile.open(fileobj=g, mode="w|") as t:
        for name, size, data in members:
            info = tarfile.TarInfo(name); info.size = size; t.addfile(info, data)


def npm_doc(path, name, manifest_extra, tgz_bytes):
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tgz_bytes).digest()).decode()
    manifest = {"name": name, "version": "1.0.0", "dist": {"integrity": integrity, "shasum": hashlib.sha1(tgz_bytes).hexdigest()}}
    manifest.update(manifest_extra)
    doc = {"name": name, "versions": {"1.0.0": manifest}, "dist-tags": {"latest": "1.0.0"},
           "_attachments": {f"{name}-1.0.0.tgz": {"content_type": "application/octet-stream", "data": base64.b64encode(tgz_bytes).decode(), "length": len(tgz_bytes)}}}
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))


def package_json(name):
    body = json.dumps({"name": name, "version": "1.0.0"}).encode()
    return ("package/package.json", len(body), io.BytesIO(body))


import gzip
small = gzip.compress(tgz([package_json("keys-bomb")]))
npm_doc(f"{out}/npm.json", "keys-bomb", {"bomb": {f"k{i}": 0 for i in range(env("KEYS", 1_300_000))}}, small)

bomb = env("BOMB", 7 * 1024**3)
gzip_tar_stream(f"{out}/npm-bomb.tgz", [package_json("gzip-bomb"), ("package/zeros", bomb, Zeros(bomb))])
npm_doc(f"{out}/npm-bomb.json", "gzip-bomb", {}, open(f"{out}/npm-bomb.tgz", "rb").read())
pkg_info = b"Metadata-Version: 2.1\nName: sdist-bomb\nVersion: 1.0.0\n"
gzip_tar_stream(f"{out}/sdist_bomb-1.0.0.tar.gz", [("sdist_bomb-1.0.0/PKG-INFO", len(pkg_info), io.BytesIO(pkg_info)),
                                                    ("sdist_bomb-1.0.0/zeros", bomb, Zeros(bomb))])

name = "n" * env("NAME", 16_000)
with open(f"{out}/pypi.body", "wb") as f:
    for i in range(env("PARTS", 40_000)):
        f.write(f'--BOUNDARY\r\nContent-Disposition: form-data; name="{name}{i}"\r\n\r\nx\r\n'.encode())
    f.write(b"--BOUNDARY--\r\n")
