#!/usr/bin/env python3
"""Writes the fixtures whose bytes are not UTF-8 (or not valid), from text
typed here, so that the bytes can be regenerated and reviewed. All content is
invented in the style of UN documents. Run from anywhere:
    python3 tests/data/text/make_encoded_fixtures.py
"""
import pathlib

TEXT = pathlib.Path(__file__).resolve().parent
HTML = TEXT.parent / "html"

FRENCH = ("Le Comité recommande à l’État partie de veiller à ce que la législation relative à la "
          "protection de l’enfance soit pleinement appliquée, et de prévoir des mécanismes de plainte "
          "accessibles aux enfants. Il note avec préoccupation que très peu de poursuites ont été engagées.\n")
SLOVENIAN = ("Varuh človekovih pravic je opozoril, da država še ni sprejela celovitega zakona o enakosti "
             "žensk in moških. Odbor priporoča, naj država pogodbenica okrepi ukrepe za preprečevanje "
             "nasilja v družini, zagotovi zavetišča za žrtve in izboljša zbiranje podatkov o kaznivih "
             "dejanjih iz sovraštva. Šolski programi naj vključujejo vzgojo o človekovih pravicah.\n")
RUSSIAN = ("Комитет рекомендует государству-участнику принять всеобъемлющий закон о борьбе с "
           "дискриминацией и обеспечить защиту прав женщин, детей и лиц с инвалидностью. Комитет "
           "обеспокоен тем, что жертвы насилия в семье не имеют доступа к приютам.\n")
ENGLISH = ("Recommendations\n\n"
           "92.1 Ratify the Optional Protocol to the Convention against Torture (Ruritania);\n"
           "92.2 Establish a national human rights institution in line with the Paris Principles (Sylvania).\n")


def html(body, charset_meta="", lang=""):
    lang_attr = f' lang="{lang}"' if lang else ""
    return (f"<!DOCTYPE html>\n<html{lang_attr}><head>{charset_meta}<title>Fixture</title></head>\n"
            f"<body><p>{body}</p></body></html>\n")


def write(path, data):
    path.write_bytes(data)


# HTML fixtures
write(HTML / "utf8_bom.html", b"\xef\xbb\xbf" + html(FRENCH).encode("utf-8"))
write(HTML / "utf16le_bom.html", b"\xff\xfe" + html(FRENCH, '<meta charset="utf-16">').encode("utf-16-le"))
write(HTML / "utf16be_bom.html", b"\xfe\xff" + html(FRENCH, '<meta charset="utf-16">').encode("utf-16-be"))
write(HTML / "declared_iso88591.html",
      html(FRENCH + " Coût : 5 €.", '<meta charset="ISO-8859-1">').encode("cp1252"))
write(HTML / "declared_windows1251.html",
      html(RUSSIAN, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">').encode("cp1251"))
write(HTML / "undeclared_cp1252.html", html(FRENCH).encode("cp1252"))
write(HTML / "invalid_utf8.html",
      html("Le Comité a reçu \xff\xfe deux octets invalides.", '<meta charset="utf-8">')
      .encode("utf-8", "surrogateescape").replace("\xff\xfe".encode("utf-8"), b"\xff\xfe"))
write(HTML / "declared_latin1_but_utf8.html", html(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8"))

# Plain-text fixtures
write(TEXT / "undeclared_cp1252.txt", FRENCH.encode("cp1252"))
write(TEXT / "slovenian_windows1250.txt", SLOVENIAN.encode("cp1250"))
write(TEXT / "slovenian_iso88592.txt", SLOVENIAN.encode("iso-8859-2"))
write(TEXT / "russian_koi8r.txt", RUSSIAN.encode("koi8-r"))
write(TEXT / "russian_windows1251.txt", RUSSIAN.encode("cp1251"))
write(TEXT / "utf16le_no_bom.txt", ENGLISH.encode("utf-16-le"))
write(TEXT / "utf16be_bom.txt", b"\xfe\xff" + ENGLISH.encode("utf-16-be"))
write(TEXT / "invalid_bytes.txt",
      "Le Comité note".encode("utf-8") + b" \xc3\x28 " + "que l’État a reçu des plaintes.\n".encode("utf-8"))
