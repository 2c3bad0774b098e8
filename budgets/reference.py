"""Reference data every database needs: the revenue account tree and the funding schemes.

Accounts follow Permendagri 90/2019 (Kepmendagri 050-5889/2021) in the shape DOMAIN.md gives; planners
may add sub-accounts and schemes in the admin. Filled by a data migration, and again by the demo
loader (a flushed test database has lost what the migration wrote). Rows already present are kept.
"""

ACCOUNTS = [
    ("4", "Pendapatan Daerah"),
    ("4.1", "Pendapatan Asli Daerah (PAD)"),
    ("4.1.01", "Pajak Daerah"),
    ("4.1.02", "Retribusi Daerah"),
    ("4.1.03", "Hasil Pengelolaan Kekayaan Daerah yang Dipisahkan"),
    ("4.1.04", "Lain-lain PAD yang Sah"),
    ("4.2", "Pendapatan Transfer"),
    ("4.2.01", "Pendapatan Transfer Pemerintah Pusat"),
    ("4.2.01.01", "Dana Bagi Hasil (DBH)"),
    ("4.2.01.02", "Dana Alokasi Umum (DAU)"),
    ("4.2.01.03", "Dana Alokasi Khusus (DAK) Fisik"),
    ("4.2.01.04", "Dana Alokasi Khusus (DAK) Non Fisik"),
    ("4.2.01.05", "Dana Insentif Daerah (DID)"),
    ("4.2.02", "Pendapatan Transfer Antar Daerah"),
    ("4.2.02.01", "Pendapatan Bagi Hasil (Provinsi)"),
    ("4.2.02.02", "Bantuan Keuangan (Provinsi dan Pemerintah Daerah Lainnya)"),
    ("4.3", "Lain-lain Pendapatan Daerah yang Sah"),
    ("4.3.01", "Pendapatan Hibah"),
    ("4.3.02", "Dana Darurat"),
    ("4.3.03", "Lain-lain Pendapatan sesuai Ketentuan Peraturan Perundang-undangan"),
]

# (code, name, order, in the APBD)
SCHEMES = [
    ("apbd", "APBD (pendapatan asli dan umum)", 1, True),
    ("apbn-dak", "APBN / DAK", 2, True),
    ("bankeu-provinsi", "Bantuan keuangan provinsi", 3, True),
    ("kpbu", "KPBU (kerja sama pemerintah dan badan usaha)", 4, False),
    ("csr", "CSR (tanggung jawab sosial perusahaan)", 5, False),
    ("pinjaman-daerah", "Pinjaman daerah", 6, False),
    ("obligasi-daerah", "Obligasi daerah", 7, False),
]


def fill(RevenueAccount, FundingScheme):  # noqa: N803  (historical models in migrations)
    by_code = {a.code: a for a in RevenueAccount.objects.all()}
    for code, name in ACCOUNTS:
        if code in by_code:
            continue
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        by_code[code] = RevenueAccount.objects.create(code=code, name=name, parent=parent)
    for code, name, order, in_apbd in SCHEMES:
        FundingScheme.objects.get_or_create(
            code=code, defaults={"name": name, "order": order, "in_apbd": in_apbd}
        )
