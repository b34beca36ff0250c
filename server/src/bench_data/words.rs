//! Text for generated dialogs from a Norwegian and English word list. Words early in the list
//! are drawn far more often than late ones, as in real inboxes; two rare words appear in about
//! one dialog in 20,000, for searches that hit almost nothing.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// From most to least common.
const WORDS: [&str; 80] = [
    "skjema",
    "melding",
    "rapportering",
    "påkrevd",
    "søknad",
    "vedtak",
    "frist",
    "innsending",
    "kvittering",
    "skattemelding",
    "merverdiavgift",
    "arbeidsgiver",
    "lønn",
    "a-melding",
    "sykepenger",
    "foreldrepenger",
    "tilskudd",
    "refusjon",
    "klage",
    "bekreftelse",
    "varsel",
    "dokumentasjon",
    "endring",
    "utbetaling",
    "faktura",
    "kontroll",
    "tilsyn",
    "registrering",
    "fornyelse",
    "lisens",
    "eiendom",
    "bolig",
    "kommune",
    "barnehage",
    "skole",
    "helse",
    "pasient",
    "resept",
    "avtale",
    "regnskap",
    "årsregnskap",
    "revisjon",
    "aksjonær",
    "utbytte",
    "toll",
    "import",
    "eksport",
    "kjøretøy",
    "førerkort",
    "pass",
    "tax",
    "return",
    "application",
    "decision",
    "report",
    "required",
    "form",
    "deadline",
    "receipt",
    "payment",
    "invoice",
    "renewal",
    "licence",
    "notice",
    "confirmation",
    "benefit",
    "employer",
    "salary",
    "grant",
    "refund",
    "complaint",
    "permit",
    "inspection",
    "registration",
    "property",
    "vehicle",
    "customs",
    "audit",
    "dividend",
    "pension",
];
pub const COMMON_TERMS: [&str; 3] = ["skjema", "rapportering", "påkrevd"];
pub const RARE_TERMS: [&str; 2] = ["sjøvegan", "larvik"];
const SENDERS: [&str; 4] = [
    "Skatteetaten Region Vest",
    "NAV Kontaktsenter",
    "Digdir Tilsyn",
    "Tolletaten",
];

/// A word, the first ones of the list much more often than the last.
pub fn word(rng: &mut ChaCha8Rng) -> String {
    let skew: f64 = rng.random::<f64>().powi(3);
    let index = ((skew * WORDS.len() as f64) as usize).min(WORDS.len() - 1);
    if rng.random_ratio(1, 20_000) {
        return RARE_TERMS[rng.random_range(0..RARE_TERMS.len())].to_owned();
    }
    WORDS[index].to_owned()
}

/// Words separated by spaces, between `count`'s bounds.
pub fn sentence(rng: &mut ChaCha8Rng, count: std::ops::Range<usize>) -> String {
    let count = rng.random_range(count);
    (0..count).map(|_| word(rng)).collect::<Vec<_>>().join(" ")
}

/// A title: three to six words, the first capitalised.
pub fn title(rng: &mut ChaCha8Rng) -> String {
    let text = sentence(rng, 3..7);
    let mut characters = text.chars();
    characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    })
}

pub fn sender(rng: &mut ChaCha8Rng) -> String {
    SENDERS[rng.random_range(0..SENDERS.len())].to_owned()
}
