"""The atomic property tables of the RACs: electronegativity χ and covalent radius S.

Revised autocorrelations are defined by their property tables as much as by
their sums, so these are the tables of the RAC authors' reference
implementation, molSimplify (Janet, Kulik et al.; version 2.0.0,
``molSimplify/Classes/globalvars.py``): ``endict`` ("Electronegativity
(Pauling) by atom symbol") and the covalent-radius column of ``amassdict``
(which molSimplify credits to webelements.com, accessed May 2015). The
numbers are facts copied as tabulated there; deuterium and the dummy atom
"X" are left out (RDKit writes deuterium as H).

Nuclear charge Z, topology T (bonded neighbours) and identity I = 1 need no
table. An element missing from a table (χ: the noble gases except He, Pm,
Po, At and Z > 102; S: Z > 98) makes its molecule a rejected row rather
than a guess.

Notes
-----
Tables differ more than one might expect. RDKit's covalent radii (Cordero
et al. 2008) are smaller for the light elements (H 0.31 against 0.37 Å here,
O 0.66 against 0.73, F 0.57 against 0.71): with them every size RAC of
ethanol would come out 15–26 % lower. For a few heavy elements the Pauling value depends on
the oxidation state it was derived for: lead is 2.33 here but 1.8 in the CRC
Handbook's table, mercury 2.00 against 1.9, gold 2.54 against 2.4. Using the
RAC authors' own tables makes our RACs equal theirs, molecule by molecule.
"""

from __future__ import annotations

# fmt: off
ELECTRONEGATIVITY = {
    "H": 2.2, "He": 4.16, "Li": 0.98, "Be": 1.57, "B": 2.04, "C": 2.55, "N": 3.04,
    "O": 3.44, "F": 3.98, "Na": 0.93, "Mg": 1.31, "Al": 1.61, "Si": 1.9, "P": 2.19,
    "S": 2.58, "Cl": 3.16, "K": 0.82, "Ca": 1.0, "Sc": 1.36, "Ti": 1.54, "V": 1.63,
    "Cr": 1.66, "Mn": 1.55, "Fe": 1.83, "Co": 1.88, "Ni": 1.91, "Cu": 1.9, "Zn": 1.65,
    "Ga": 1.81, "Ge": 2.01, "As": 2.18, "Se": 2.55, "Br": 2.96, "Rb": 0.82, "Sr": 0.95,
    "Y": 1.22, "Zr": 1.33, "Nb": 1.6, "Mo": 2.16, "Tc": 2.1, "Ru": 2.2, "Rh": 2.28,
    "Pd": 2.2, "Ag": 1.93, "Cd": 1.69, "In": 1.78, "Sn": 1.96, "Sb": 2.05, "Te": 2.1,
    "I": 2.66, "Cs": 0.79, "Ba": 0.89, "La": 1.1, "Ce": 1.12, "Pr": 1.13, "Nd": 1.14,
    "Sm": 1.17, "Eu": 1.2, "Gd": 1.2, "Tb": 1.1, "Dy": 1.22, "Ho": 1.23, "Er": 1.24,
    "Tm": 1.25, "Yb": 1.1, "Lu": 1.27, "Hf": 1.3, "Ta": 1.5, "W": 2.36, "Re": 1.9,
    "Os": 2.2, "Ir": 2.2, "Pt": 2.28, "Au": 2.54, "Hg": 2.0, "Tl": 1.62, "Pb": 2.33,
    "Bi": 2.02, "Fr": 0.7, "Ra": 0.9, "Ac": 1.1, "Th": 1.3, "Pa": 1.5, "U": 1.38,
    "Np": 1.36, "Pu": 1.28, "Am": 1.3, "Cm": 1.3, "Bk": 1.3, "Cf": 1.3, "Es": 1.3,
    "Fm": 1.3, "Md": 1.3, "No": 1.3,
}

# Å
COVALENT_RADIUS = {
    "H": 0.37, "He": 0.46, "Li": 1.33, "Be": 1.02, "B": 0.85, "C": 0.77, "N": 0.75,
    "O": 0.73, "F": 0.71, "Ne": 0.67, "Na": 1.55, "Mg": 1.39, "Al": 1.26, "Si": 1.16,
    "P": 1.06, "S": 1.02, "Cl": 0.99, "Ar": 0.96, "K": 1.96, "Ca": 1.71, "Sc": 1.7,
    "Ti": 1.36, "V": 1.22, "Cr": 1.27, "Mn": 1.39, "Fe": 1.25, "Co": 1.26, "Ni": 1.21,
    "Cu": 1.38, "Zn": 1.31, "Ga": 1.24, "Ge": 1.21, "As": 1.21, "Se": 1.16, "Br": 1.14,
    "Kr": 1.17, "Rb": 2.1, "Sr": 1.85, "Y": 1.63, "Zr": 1.54, "Nb": 1.47, "Mo": 1.38,
    "Tc": 1.56, "Ru": 1.25, "Rh": 1.25, "Pd": 1.2, "Ag": 1.28, "Cd": 1.48, "In": 1.42,
    "Sn": 1.4, "Sb": 1.4, "Te": 1.38, "I": 1.4, "Xe": 1.31, "Cs": 2.32, "Ba": 1.96,
    "La": 1.69, "Ce": 1.63, "Pr": 1.76, "Nd": 1.74, "Pm": 1.73, "Sm": 1.72, "Eu": 1.68,
    "Gd": 1.69, "Tb": 1.68, "Dy": 1.67, "Ho": 1.66, "Er": 1.65, "Tm": 1.64, "Yb": 1.7,
    "Lu": 1.62, "Hf": 1.5, "Ta": 1.38, "W": 1.46, "Re": 1.59, "Os": 1.28, "Ir": 1.37,
    "Pt": 1.23, "Au": 1.24, "Hg": 1.49, "Tl": 1.44, "Pb": 1.44, "Bi": 1.51, "Po": 1.4,
    "At": 1.5, "Rn": 1.5, "Fr": 3.48, "Ra": 2.01, "Ac": 1.86, "Th": 1.75, "Pa": 2.0,
    "U": 1.7, "Np": 1.9, "Pu": 1.75, "Am": 1.8, "Cm": 1.69, "Bk": 1.68, "Cf": 1.68,
}
# fmt: on

# Where each property comes from, for the page and the README.
SOURCES = {
    "chi": "Pauling units, molSimplify's table",
    "Z": "the atomic number",
    "T": "bonded neighbours, hydrogens included",
    "I": "1 for every atom",
    "S": "covalent radius in Å, molSimplify's table, from webelements.com",
}
