#!/usr/bin/env python3
"""Writes a small, valid package for the soak's clients: a wheel (PEP 427) or a .nupkg (a zip with a nuspec).

Usage: make_package.py wheel NAME VERSION OUTDIR   -> prints the wheel's path
       make_package.py nupkg ID VERSION OUTDIR     -> prints the .nupkg's path
Each version gets a few KiB of fresh random bytes, so every publish stores a new blob (as a real release does).
"""
import base64, hashlib, os, sys, zipfile


def wheel(name, version, out):
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = {
        f"{dist}/__init__.py": f"VERSION = {version!r}\nDATA = {os.urandom(2048).hex()!r}\n".encode(),
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: soak test package\n".encode(),
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: soak\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{info}/RECORD,,")
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = os.path.join(out, f"{dist}-{version}-py3-none-any.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name_, data in files.items():
            z.writestr(name_, data)
    return path


def nupkg(package_id, version, out):
    nuspec = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>{package_id}</id>
    <version>{version}</version>
    <authors>soak</authors>
    <description>soak test package</description>
  </metadata>
</package>
"""
    types = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="nuspec" ContentType="application/octet" /><Default Extension="txt" ContentType="application/octet" /></Types>')
    path = os.path.join(out, f"{package_id}.{version}.nupkg")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{package_id}.nuspec", nuspec)
        z.writestr("[Content_Types].xml", types)
        z.writestr("content/data.txt", os.urandom(2048).hex())
    return path


if __name__ == "__main__":
    kind, name, version, out = sys.argv[1:5]
    print({"wheel": wheel, "nupkg": nupkg}[kind](name, version, out))
