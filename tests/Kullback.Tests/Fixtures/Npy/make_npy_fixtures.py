"""Makes the NPY reader fixtures with numpy (run: /usr/bin/python3 make_npy_fixtures.py in this folder).
Each good file holds arange-based values so the tests know every element: value[i] = i * 0.5 - 3 (floats)
or i (integers), in C order. Bad files are hand-made: truncated data, truncated header, unknown dtype,
Fortran order, big-endian, bad magic. numpy version is written to numpy_version.txt."""
import numpy as np

def save(name, a):
    np.save(name, a)

for code in ["f2", "f4", "f8"]:
    save(f"good_{code}.npy", (np.arange(12) * 0.5 - 3).astype("<" + code).reshape(3, 4))
for code in ["u1", "i4", "i8"]:
    save(f"good_{code}.npy", np.arange(12).astype(("|" if code == "u1" else "<") + code).reshape(3, 4))
save("vector_i8.npy", np.arange(5, dtype="<i8"))
save("cube_f4.npy", (np.arange(24) * 0.5 - 3).astype("<f4").reshape(2, 3, 4))
save("empty_f4.npy", np.zeros((0, 7), dtype="<f4"))
# version 2.0 header
with open("v2_f8.npy", "wb") as f:
    np.lib.format.write_array(f, (np.arange(12) * 0.5 - 3).reshape(3, 4), version=(2, 0))

raw = open("good_f4.npy", "rb").read()
open("truncated_data.npy", "wb").write(raw[:-5])
open("truncated_header.npy", "wb").write(raw[:30])
open("bad_magic.npy", "wb").write(b"NOTNPY" + raw[6:])
save("unknown_dtype_c16.npy", np.zeros((2, 2), dtype="<c16"))
save("fortran_f4.npy", np.asfortranarray((np.arange(12) * 0.5 - 3).astype("<f4").reshape(3, 4)))
save("bigendian_f4.npy", (np.arange(12) * 0.5 - 3).astype(">f4").reshape(3, 4))
open("numpy_version.txt", "w").write(f"made by numpy {np.__version__}\n")
