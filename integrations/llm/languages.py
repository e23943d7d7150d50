"""Names of the languages Whisper detects, so a prompt can say "German" rather than "de":
small local models follow a language's name more reliably than its code."""

from __future__ import annotations

# Whisper's language codes (faster_whisper.tokenizer), with their English names.
_NAMES = """\
af Afrikaans|am Amharic|ar Arabic|as Assamese|az Azerbaijani|ba Bashkir|be Belarusian|\
bg Bulgarian|bn Bengali|bo Tibetan|br Breton|bs Bosnian|ca Catalan|cs Czech|cy Welsh|\
da Danish|de German|el Greek|en English|es Spanish|et Estonian|eu Basque|fa Persian|\
fi Finnish|fo Faroese|fr French|gl Galician|gu Gujarati|ha Hausa|haw Hawaiian|he Hebrew|\
hi Hindi|hr Croatian|ht Haitian Creole|hu Hungarian|hy Armenian|id Indonesian|is Icelandic|\
it Italian|ja Japanese|jw Javanese|ka Georgian|kk Kazakh|km Khmer|kn Kannada|ko Korean|\
la Latin|lb Luxembourgish|ln Lingala|lo Lao|lt Lithuanian|lv Latvian|mg Malagasy|mi Maori|\
mk Macedonian|ml Malayalam|mn Mongolian|mr Marathi|ms Malay|mt Maltese|my Burmese|ne Nepali|\
nl Dutch|nn Norwegian Nynorsk|no Norwegian|oc Occitan|pa Punjabi|pl Polish|ps Pashto|\
pt Portuguese|ro Romanian|ru Russian|sa Sanskrit|sd Sindhi|si Sinhala|sk Slovak|sl Slovenian|\
sn Shona|so Somali|sq Albanian|sr Serbian|su Sundanese|sv Swedish|sw Swahili|ta Tamil|\
te Telugu|tg Tajik|th Thai|tk Turkmen|tl Tagalog|tr Turkish|tt Tatar|uk Ukrainian|ur Urdu|\
uz Uzbek|vi Vietnamese|yi Yiddish|yo Yoruba|yue Cantonese|zh Chinese"""

LANGUAGE_NAMES: dict[str, str] = dict(pair.split(" ", 1) for pair in _NAMES.split("|"))


def language_name(code: str) -> str | None:
    """The English name of a Whisper language code ("de" -> "German"), or None."""
    return LANGUAGE_NAMES.get(code.strip().lower())
