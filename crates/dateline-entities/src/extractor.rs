//! The extractor: one Aho–Corasick pass over the gazetteer forms, then the person-name finder
//! over the words the gazetteers left.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Input, MatchKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::gazetteer::{transliteration_key, transliteration_variants, FormKind, Gazetteer};
use crate::vocab::Vocab;
use crate::{chinese, korean};
use crate::{Candidate, EntityType, Mention};

/// Choices where researchers may disagree (see `crates/dateline-entities/data/gazetteers/README.md`); the defaults follow
/// `docs/ENTITIES.md`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtractorOptions {
    /// Run the person-name finder for people in no list (default true).
    pub find_names: bool,
    /// Count demonyms ("Russian", "Americans") as country mentions (default true).
    pub demonyms: bool,
    /// Count combining forms ("Sino-" in "Sino-DPRK") as country mentions (default true).
    pub combining_forms: bool,
    /// Recognize Korean names (family name + given-name syllables) without a title (default true).
    pub korean_names: bool,
    /// Count a surname (or the end of a name) alone when it refers back to a person named earlier
    /// in the same text ("Lavrov said", "Martinez") (default true).
    pub surname_backrefs: bool,
    /// Accept a gazetteer person name glued to the words around it, as the kcna.kp pages print
    /// the leaders' names ("ComradeKim Jong Unwas"): an upper-case name right after a lower-case
    /// letter, and a name of three words or more right before a letter (default true).
    pub glued_names: bool,
}

impl Default for ExtractorOptions {
    fn default() -> Self {
        ExtractorOptions {
            find_names: true,
            demonyms: true,
            combining_forms: true,
            korean_names: true,
            surname_backrefs: true,
            glued_names: true,
        }
    }
}

/// What one automaton pattern stands for.
#[derive(Debug, Clone, Copy)]
enum PatKind {
    Country(FormKind),
    Person,
}

#[derive(Debug, Clone, Copy)]
struct Pat {
    entity: u32,
    kind: PatKind,
}

#[derive(Debug, Clone)]
struct Entity {
    kind: EntityType,
    id: String,
    name: String,
}

/// A gazetteer match that passed the word-boundary checks.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    pat: u32,
}

/// Finds person and country mentions in a text. Build once, share between threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    ac: AhoCorasick,
    pats: Vec<Pat>,
    entities: Vec<Entity>,
    /// Canonical names and aliases of gazetteer people → entity index (maps finder names).
    person_forms: FxHashMap<String, u32>,
    vocab: Vocab,
    opts: ExtractorOptions,
}

const NO_ENTITY: u32 = u32::MAX;

/// The id of a person found by the name finder: the canonical name lower-cased, runs of
/// anything but letters and digits replaced by one `-` ("Choe Son Hui" → `choe-son-hui`).
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// The forms matched for one written form: as written, with an upper-case first letter when it
/// starts in lower case ("south Korea" and "South Korea"), and with a curly apostrophe where it
/// has a straight one ("Democratic People’s Republic of Korea").
fn variants(form: &str) -> impl Iterator<Item = String> {
    let mut chars = form.chars();
    let upper = match chars.next() {
        Some(c) if c.is_lowercase() => Some(c.to_uppercase().chain(chars).collect::<String>()),
        _ => None,
    };
    let base: Vec<String> = std::iter::once(form.to_owned()).chain(upper).collect();
    let curly: Vec<String> = base
        .iter()
        .filter(|f| f.contains('\''))
        .map(|f| f.replace('\'', "’"))
        .collect();
    base.into_iter().chain(curly)
}

impl Extractor {
    /// Compiles the gazetteer into one automaton.
    pub fn new(g: &Gazetteer, o: &ExtractorOptions) -> Extractor {
        let mut entities: Vec<Entity> = Vec::new();
        let mut entity_index: FxHashMap<(EntityType, String), u32> = FxHashMap::default();
        let mut patterns: Vec<String> = Vec::new();
        let mut pats: Vec<Pat> = Vec::new();
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        let mut person_forms = FxHashMap::default();

        let mut add = |form: String, pat: Pat, patterns: &mut Vec<String>, pats: &mut Vec<Pat>| {
            // The first row of a form wins (people are added after countries).
            if let std::collections::hash_map::Entry::Vacant(v) = seen.entry(form) {
                patterns.push(v.key().clone());
                v.insert(pats.len());
                pats.push(pat);
            }
        };
        for c in g.countries() {
            let entity = if c.kind == FormKind::Blocker {
                NO_ENTITY
            } else {
                *entity_index
                    .entry((EntityType::Country, c.id.clone()))
                    .or_insert_with(|| {
                        entities.push(Entity {
                            kind: EntityType::Country,
                            id: c.id.clone(),
                            name: c.name.clone(),
                        });
                        (entities.len() - 1) as u32
                    })
            };
            for v in variants(&c.form) {
                let pat = Pat {
                    entity,
                    kind: PatKind::Country(c.kind),
                };
                add(v, pat, &mut patterns, &mut pats);
            }
        }
        for p in g.people() {
            entities.push(Entity {
                kind: EntityType::Person,
                id: p.id.clone(),
                name: p.name.clone(),
            });
            let entity = (entities.len() - 1) as u32;
            // Each form also in its other transliterations ("Alexandr", "Aleksandr", "Alexander").
            let written = std::iter::once(&p.name).chain(&p.aliases);
            let forms: Vec<(String, bool)> = written
                .clone()
                .map(|f| (f.clone(), false))
                .chain(
                    written
                        .flat_map(|f| transliteration_variants(f).into_iter().map(|v| (v, true))),
                )
                .collect();
            for (form, variant) in &forms {
                if *variant {
                    person_forms.entry(form.clone()).or_insert(entity);
                } else {
                    person_forms.insert(form.clone(), entity);
                }
                let pat = Pat {
                    entity,
                    kind: PatKind::Person,
                };
                add(form.clone(), pat, &mut patterns, &mut pats);
                if form.contains('\'') {
                    add(form.replace('\'', "’"), pat, &mut patterns, &mut pats);
                }
            }
        }
        // A DFA: a few MB for ~2,500 forms, and the fastest search.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("gazetteer automaton within size limits");
        Extractor {
            ac,
            pats,
            entities,
            person_forms,
            vocab: Vocab::default(),
            opts: o.clone(),
        }
    }

    /// Heap bytes used by the compiled automaton.
    pub fn automaton_bytes(&self) -> usize {
        self.ac.memory_usage()
    }

    /// The options this extractor was built with.
    pub fn options(&self) -> &ExtractorOptions {
        &self.opts
    }

    /// Every person and country mention in `text` (a document's title + "\n\n" + body),
    /// sorted by start, never overlapping.
    pub fn extract(&self, text: &str) -> Vec<Mention> {
        self.analyse(text, false).0
    }

    /// The capitalized name-like sequences (two words or more) that were not resolved to a
    /// person or country, for auditing the gazetteers.
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        self.analyse(text, true).1
    }

    fn analyse(&self, text: &str, want_candidates: bool) -> (Vec<Mention>, Vec<Candidate>) {
        let hits = self.gazetteer_hits(text);
        let mut mentions = Vec::new();
        let mut people = Vec::new();
        for h in &hits {
            let pat = self.pats[h.pat as usize];
            let keep = match pat.kind {
                PatKind::Country(FormKind::Blocker) => false,
                PatKind::Country(k) if k.is_demonym() => self.opts.demonyms,
                PatKind::Country(FormKind::Combining) => self.opts.combining_forms,
                PatKind::Country(_) => true,
                PatKind::Person => !self.nonperson_context(text, h.start, h.end),
            };
            if keep {
                if matches!(pat.kind, PatKind::Person) {
                    people.push((h.start, pat.entity));
                }
                let e = &self.entities[pat.entity as usize];
                mentions.push(Mention {
                    kind: e.kind,
                    entity_id: e.id.clone(),
                    name: e.name.clone(),
                    start: h.start,
                    end: h.end,
                    surface: text[h.start..h.end].to_owned(),
                });
            }
        }
        self.disambiguate_congo(&mut mentions);
        let mut candidates = Vec::new();
        if self.opts.find_names || want_candidates {
            let mut finder = Finder::new(self, text, &hits, people);
            finder.run();
            if self.opts.find_names {
                mentions.extend(finder.mentions());
            }
            if want_candidates {
                candidates = finder.candidates();
            }
        }
        mentions.sort_by_key(|m| m.start);
        (mentions, candidates)
    }

    /// Bare "Congo" is the Republic of the Congo (COG) unless the text names the Democratic
    /// Republic of the Congo (COD) and never the Republic of the Congo by a longer form.
    fn disambiguate_congo(&self, mentions: &mut [Mention]) {
        let bare = |m: &Mention| m.entity_id == "COG" && m.surface == "Congo";
        let cod = mentions.iter().any(|m| m.entity_id == "COD");
        let cog_explicit = mentions.iter().any(|m| m.entity_id == "COG" && !bare(m));
        if !cod || cog_explicit {
            return;
        }
        let Some(e) = self
            .entities
            .iter()
            .find(|e| e.kind == EntityType::Country && e.id == "COD")
        else {
            return;
        };
        for m in mentions.iter_mut().filter(|m| bare(m)) {
            m.entity_id.clone_from(&e.id);
            m.name.clone_from(&e.name);
        }
    }

    /// All gazetteer matches with whole-word boundaries, leftmost-longest, non-overlapping.
    fn gazetteer_hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            let Some(m) = self.ac.find(Input::new(text).span(pos..text.len())) else {
                break;
            };
            let pat = self.pats[m.pattern().as_usize()];
            if boundary_ok(text, m.start(), m.end(), pat.kind)
                || (self.opts.glued_names && glued_ok(text, m.start(), m.end(), pat.kind))
            {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    pat: m.pattern().as_u32(),
                });
                pos = m.end();
            } else {
                pos = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        hits
    }

    /// True when the name at `start..end` is part of the name of something else:
    /// "Kim Il Sung Square", "Kim Il Sung-Kim Jong Il Foundation", "Order of Kim Il Sung".
    fn nonperson_context(&self, text: &str, start: usize, end: usize) -> bool {
        let before = &text[..start];
        if before.ends_with("Order of ") || before.ends_with("Order of the ") {
            return true;
        }
        // A ship named after a person: "the aircraft carrier Ronald Reagan", "USS Carl Vinson".
        if let Some(b) = before.strip_suffix(' ') {
            let prev = b
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
                .next()
                .unwrap_or("");
            if self.vocab.is_nonperson_before(prev) {
                return true;
            }
        }
        let rest = &text[end..];
        if let Some(r) = rest.strip_prefix(' ') {
            return self.vocab.is_nonperson_next(first_word(r));
        }
        // Glued on the kcna.kp pages: "Kim Jong IlFoundation".
        if rest.chars().next().is_some_and(char::is_uppercase) {
            return self.vocab.is_nonperson_next(first_word(rest));
        }
        if let Some(mut r) = rest.strip_prefix('-') {
            // A hyphen-joined chain of names: look at the first word after the capitalized run.
            for _ in 0..8 {
                let w = first_word(r);
                if w.is_empty() || !starts_upper(w) {
                    return false;
                }
                // also a glued tail: "IlFoundation"
                let tail = w
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| c.is_uppercase())
                    .map_or("", |(i, _)| &w[i..]);
                if self.vocab.is_nonperson_next(w) || self.vocab.is_nonperson_next(tail) {
                    return true;
                }
                r = &r[w.len()..];
                match r.as_bytes().first() {
                    Some(b' ' | b'-') => r = &r[1..],
                    _ => return false,
                }
            }
        }
        false
    }
}

/// The leading run of letters, digits, apostrophes and hyphens-between-letters of `s`.
fn first_word(s: &str) -> &str {
    let mut end = 0;
    let mut it = s.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_alphanumeric() || ((c == '\'' || c == '’') && end > 0) {
            end = i + c.len_utf8();
        } else {
            break;
        }
        if let Some(&(_, '-')) = it.peek() {
            // keep compounds like "Women's" but stop at the hyphen of "Sung-Kim"
            break;
        }
    }
    &s[..end]
}

fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whole-word check of a match at `start..end`.
fn boundary_ok(text: &str, start: usize, end: usize, kind: PatKind) -> bool {
    before_clean(text, start) && after_clean(text, end, kind)
}

fn before_clean(text: &str, start: usize) -> bool {
    !text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

fn after_clean(text: &str, end: usize, kind: PatKind) -> bool {
    let mut after = text[end..].chars();
    match kind {
        // "Sino-" must be followed by a letter: "Sino-DPRK", "Russo-Japanese".
        PatKind::Country(FormKind::Combining) => after.next().is_some_and(char::is_alphabetic),
        _ => match after.next() {
            None => true,
            Some(c) if c.is_alphanumeric() => false,
            // "Russia's" is fine, "Xi'an" is not.
            Some('\'' | '’') => match after.next() {
                Some('s') => !after.next().is_some_and(char::is_alphanumeric),
                Some(c) => !c.is_alphanumeric(),
                None => true,
            },
            Some(_) => true,
        },
    }
}

/// The kcna.kp glue: "ComradeKim Jong Unwas". Only people, only across lower-case letters.
fn glued_ok(text: &str, start: usize, end: usize, kind: PatKind) -> bool {
    if !matches!(kind, PatKind::Person) {
        return false;
    }
    // Only full names of three words or more: "Kim Jong Un", never "Putin".
    let name = &text[start..end];
    if name.matches(' ').count() < 2 || !starts_upper(name) {
        return false;
    }
    let before_glued = text[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    let after_glued = text[end..].chars().next().is_some_and(char::is_alphabetic);
    if before_glued {
        after_glued || after_clean(text, end, kind)
    } else {
        after_glued && before_clean(text, start)
    }
}

/// A word of the text as the finder sees it.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    /// Overlaps a gazetteer match: `Some(pattern kind is country)`.
    covered: Option<bool>,
}

/// How a title precedes a name (see `Finder::title_before`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Titled {
    No,
    Direct,
    Crossed,
}

/// A person found by the finder.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    words: Vec<String>,
    korean: bool,
    /// A back-reference to a gazetteer person: its entity index.
    entity: Option<u32>,
}

struct Finder<'a> {
    ex: &'a Extractor,
    text: &'a str,
    hits: &'a [Hit],
    toks: Vec<Tok>,
    found: Vec<Found>,
    /// Segments without context, resolved later against the names found:
    /// (token range, in the headline).
    pending: Vec<(usize, usize, bool)>,
    backrefs: Vec<(Found, usize)>,
    /// Gazetteer people mentioned: (start, entity index).
    people: Vec<(usize, u32)>,
    /// End of the headline (the text before the first blank line, when short), else 0.
    headline_end: usize,
    /// End of the last name found in a delegation list ("led by A, B and C").
    list_end: Option<usize>,
}

impl<'a> Finder<'a> {
    fn new(ex: &'a Extractor, text: &'a str, hits: &'a [Hit], people: Vec<(usize, u32)>) -> Self {
        let toks = tokenize(text, hits, ex);
        let headline_end = match text.find("\n\n") {
            Some(i) if i <= 300 => i,
            _ => 0,
        };
        Finder {
            ex,
            text,
            hits,
            toks,
            found: Vec::new(),
            pending: Vec::new(),
            backrefs: Vec::new(),
            people,
            headline_end,
            list_end: None,
        }
    }

    fn word(&self, i: usize) -> &'a str {
        &self.text[self.toks[i].start..self.toks[i].end]
    }

    /// True when tokens `i` and `i + 1` are separated only by a space (or ". " after an
    /// initial or a dotted title).
    fn joined(&self, i: usize) -> bool {
        let sep = &self.text[self.toks[i].end..self.toks[i + 1].start];
        match sep {
            " " | "\u{a0}" => true,
            ". " => {
                let w = self.word(i);
                (w.len() == 1 && starts_upper(w)) || self.ex.vocab.is_dotted(w)
            }
            _ => false,
        }
    }

    fn run(&mut self) {
        let n = self.toks.len();
        let mut i = 0;
        while i < n {
            if self.toks[i].covered.is_some() || !starts_upper(self.word(i)) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n
                && self.toks[j].covered.is_none()
                && self.joined(j - 1)
                && (starts_upper(self.word(j)) || self.ex.vocab.is_particle(self.word(j)))
            {
                j += 1;
            }
            while j > i + 1 && !starts_upper(self.word(j - 1)) {
                j -= 1;
            }
            self.chain(i, j);
            i = j;
        }
        self.resolve_pending();
    }

    fn name_like(&self, i: usize) -> bool {
        let w = self.word(i);
        starts_upper(w)
            && !self.ex.vocab.is_title(w)
            && !self.ex.vocab.is_stop(w)
            && (w.chars().filter(|c| c.is_alphabetic()).count() <= 1
                || w.chars().any(char::is_lowercase))
            && !w.chars().any(|c| c.is_ascii_digit())
    }

    /// Handles one chain of capitalized words `[a, b)`.
    fn chain(&mut self, a: usize, b: usize) {
        let mut k = a;
        let mut seg_start: Option<usize> = None;
        while k < b {
            if self.ex.opts.korean_names && korean::is_family_name(self.word(k)) {
                if let Some(len) = self.korean_at(k, b) {
                    if let Some(s) = seg_start.take() {
                        self.segment(s, k);
                    }
                    k += len;
                    continue;
                }
            }
            if chinese::is_family_name(self.word(k)) {
                if let Some(len) = self.chinese_at(k, b) {
                    if let Some(s) = seg_start.take() {
                        self.segment(s, k);
                    }
                    k += len;
                    continue;
                }
            }
            let w = self.word(k);
            let inner_particle = self.ex.vocab.is_particle(w) && seg_start.is_some() && k + 1 < b;
            if self.name_like(k) || inner_particle {
                seg_start.get_or_insert(k);
            } else if let Some(s) = seg_start.take() {
                self.segment(s, k);
            }
            k += 1;
        }
        if let Some(s) = seg_start {
            self.segment(s, b);
        }
    }

    /// A Korean name starting at token `k` of a chain ending at `b`: its length in tokens.
    fn korean_at(&mut self, k: usize, b: usize) -> Option<usize> {
        let given = |i: usize| i < b && korean::is_given_name(self.word(i));
        if !given(k + 1) {
            return None;
        }
        let len = if given(k + 2) { 3 } else { 2 };
        let end = self.toks[k + len - 1].end;
        if len == 2 && !(self.title_before(k) != Titled::No || self.apposition_after(end)) {
            return None;
        }
        Some(self.family_first_name(k, len))
    }

    /// Tokens `k..k + len` as a name written family name first (Korean or Chinese): found,
    /// unless its context makes it part of a non-person name ("Kim Il Sung Square"); either
    /// way the `len` tokens are taken.
    fn family_first_name(&mut self, k: usize, len: usize) -> usize {
        let (start, end) = (self.toks[k].start, self.toks[k + len - 1].end);
        if !self.ex.nonperson_context(self.text, start, end) {
            let words = (k..k + len).map(|i| self.word(i).to_owned()).collect();
            self.found.push(Found {
                start,
                end,
                words,
                korean: true,
                entity: None,
            });
        }
        len
    }

    /// A Chinese name at token `k` of a chain ending at `b`, family name first, without any
    /// context: a family name and a given name of two pinyin syllables written as one word
    /// ("Zhang Weihua", "Zhao Leji"). One-syllable given names ("Wang Yi") are too often other
    /// words and need a title or an apposition (the general rules). Returns its length in tokens.
    fn chinese_at(&mut self, k: usize, b: usize) -> Option<usize> {
        if k + 1 >= b || !self.joined(k) {
            return None;
        }
        let given = self.word(k + 1);
        if chinese::given_name_syllables(given) != Some(2) || self.ex.vocab.is_stop(given) {
            return None;
        }
        Some(self.family_first_name(k, 2))
    }

    /// A run `[s, e)` of name-like tokens (particles inside).
    fn segment(&mut self, s: usize, mut e: usize) {
        while e > s && !starts_upper(self.word(e - 1)) {
            e -= 1;
        }
        if e == s {
            return;
        }
        let (start, end) = (self.toks[s].start, self.toks[e - 1].end);
        let n = e - s;
        if n == 1 && self.word(s).chars().count() == 1 {
            return; // an initial or a letter ("C.C."), not a name
        }
        let apposition = (2..=5).contains(&n) && self.apposition_after(end);
        let listed = (2..=4).contains(&n)
            && start >= self.headline_end
            && !self.ex.vocab.is_place_noun(self.word(e - 1))
            && self.listed_before(start);
        // One word after a title reached over "of the" is rarely a name ("Secretary of the
        // Nordic Cooperation Committee").
        let mut titled = n <= 5
            && match self.title_before(s) {
                Titled::No => false,
                Titled::Direct => true,
                Titled::Crossed => n >= 2,
            };
        // "General Association of ...": a one-word "name" followed by "of" is an institution.
        if titled && n == 1 && self.text[end..].starts_with(" of ") {
            titled = false;
        }
        // Title Case headlines ("Spokesman Blasts ...") need the name confirmed by the body.
        if titled && !apposition && start < self.headline_end {
            self.pending.push((s, e, true));
            return;
        }
        if titled || apposition || listed {
            if self.ex.nonperson_context(self.text, start, end) {
                return;
            }
            // A list or a coordination goes on after a listed or titled name ("led by A, B and
            // C", "their counterparts A and B").
            if listed || titled {
                self.list_end = Some(end);
            }
            // A lone Korean family name after a title ("President Kim") is not a name.
            if n == 1 && korean::is_family_name(self.word(s)) {
                return;
            }
            let words = (s..e).map(|i| self.word(i).to_owned()).collect();
            self.found.push(Found {
                start,
                end,
                words,
                korean: false,
                entity: None,
            });
        } else {
            self.pending.push((s, e, false));
        }
    }

    /// A title right before token `i` ([`Titled::Direct`], "Foreign Minister Sergei Lavrov",
    /// also over other title words and country words), or reached going back over "of", "the",
    /// "to" ([`Titled::Crossed`], "Foreign Minister of Nicaragua Denis Moncada"). Capitalized
    /// non-name words and connectors do not mix: "Chairman of the Council of the Union of ..."
    /// and "Chief Executive to Show Her Will" have no title context.
    fn title_before(&self, i: usize) -> Titled {
        let mut t = i;
        let mut crossed = false;
        let mut saw_stop = false;
        for _ in 0..10 {
            if t == 0 {
                return Titled::No;
            }
            let sep = &self.text[self.toks[t - 1].end..self.toks[t].start];
            let sep_ok = sep == " "
                || sep == "\u{a0}"
                || (sep == ". " && self.ex.vocab.is_dotted(self.word(t - 1)));
            if !sep_ok {
                return Titled::No;
            }
            t -= 1;
            let w = self.word(t);
            if self.ex.vocab.is_title(w) && !self.ex.vocab.is_title_modifier(w) {
                // "chairman of the Central ..." names an institution: only a capitalized title
                // reaches over connectors.
                return match (crossed, starts_upper(w)) {
                    (false, _) => Titled::Direct,
                    (true, true) => Titled::Crossed,
                    (true, false) => Titled::No,
                };
            }
            let connector = matches!(w, "of" | "the" | "to" | "for" | "and" | "here");
            // "Defence" in "Vice-Minister of Defence X" is no title of its own: look further.
            if self.ex.vocab.is_title_modifier(w) {
                continue;
            }
            let capital_stop = starts_upper(w) && self.ex.vocab.is_stop(w);
            crossed |= connector;
            saw_stop |= capital_stop;
            if crossed && saw_stop {
                return Titled::No;
            }
            let country = self.toks[t].covered == Some(true);
            if !(connector || country || capital_stop) {
                return Titled::No;
            }
        }
        Titled::No
    }

    /// The names of foreign delegations: a name (two to four name words, none a common English
    /// word) right after "led by", "headed by" or "including", or after ", " or " and " that
    /// follow such a name ("a delegation ... led by A, B and C", "members including A and B").
    fn listed_before(&self, start: usize) -> bool {
        let before = &self.text[..start];
        if ["led by ", "headed by ", "including "]
            .iter()
            .any(|cue| before.ends_with(cue))
        {
            return true;
        }
        self.list_end.is_some_and(|end| {
            end <= start && matches!(&self.text[end..start], ", " | " and " | ", and ")
        })
    }

    /// ", vice-minister of", " , general secretary", ", Nicaraguan ambassador", ", the president".
    fn apposition_after(&self, end: usize) -> bool {
        let mut r = &self.text[end..];
        r = r.strip_prefix(' ').unwrap_or(r);
        let Some(rest) = r.strip_prefix(", ") else {
            return false;
        };
        r = rest;
        for art in ["the ", "a ", "an "] {
            if let Some(x) = r.strip_prefix(art) {
                r = x;
                break;
            }
        }
        let pos = self.text.len() - r.len();
        if let Ok(h) = self.hits.binary_search_by_key(&pos, |h| h.start) {
            if let Some(x) = self.text[self.hits[h].end..].strip_prefix(' ') {
                r = x;
            }
        }
        let w = r
            .split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\''))
            .next()
            .unwrap_or("");
        self.ex.vocab.is_role(&w.to_lowercase())
    }

    /// Segments with no context count when they repeat or end a name found in the text before
    /// them ("Martinez" after "Manuel Modesto Munguia Martinez"; in the headline, anywhere).
    /// Then single words that are the surname of exactly one person named earlier ("Lavrov",
    /// "traitor Lee" after "Lee Myung Bak"; the family name comes first in Korean names).
    fn resolve_pending(&mut self) {
        if !self.ex.opts.surname_backrefs {
            return;
        }
        for &(s, e, headline) in &self.pending {
            let words: Vec<&str> = (s..e).map(|i| self.word(i)).collect();
            let start = self.toks[s].start;
            let known = self.found.iter().any(|f| {
                (headline || f.end <= start)
                    && if f.korean {
                        f.words.len() == words.len() && f.words.ends_with_strs(&words)
                    } else {
                        f.words.len() >= words.len() && f.words.ends_with_strs(&words)
                    }
            });
            if known {
                let f = Found {
                    start,
                    end: self.toks[e - 1].end,
                    words: words.iter().map(|w| (*w).to_owned()).collect(),
                    korean: false,
                    entity: None,
                };
                self.backrefs.push((f, s));
            }
        }
        self.resolve_surnames();
    }

    fn resolve_surnames(&mut self) {
        // surname -> (first start, entity or canonical name); None when ambiguous.
        let mut keys: FxHashMap<String, Option<(usize, Option<u32>, String)>> =
            FxHashMap::default();
        let mut add = |key: &str, start: usize, entity: Option<u32>, name: String| {
            keys.entry(key.to_owned())
                .and_modify(|v| {
                    if let Some((s, _, n)) = v {
                        if *n == name {
                            *s = (*s).min(start);
                        } else {
                            *v = None;
                        }
                    }
                })
                .or_insert(Some((start, entity, name)));
        };
        for &(start, e) in &self.people {
            let name = &self.ex.entities[e as usize].name;
            let words: Vec<&str> = name.split(' ').collect();
            if words.len() < 2 {
                continue;
            }
            add(surname(&words), start, Some(e), name.clone());
        }
        for f in &self.found {
            if f.words.len() < 2 {
                continue;
            }
            let words: Vec<&str> = f.words.iter().map(String::as_str).collect();
            add(surname(&words), f.start, None, self.canonical(f));
        }
        if keys.is_empty() {
            return;
        }
        let mut taken: Vec<(usize, usize)> = self
            .found
            .iter()
            .chain(self.backrefs.iter().map(|(f, _)| f))
            .map(|f| (f.start, f.end))
            .collect();
        taken.sort_unstable();
        for (i, t) in self.toks.iter().enumerate() {
            if t.covered.is_some() {
                continue;
            }
            let w = self.word(i);
            // One letter is no surname of its own: "O" in "O Mother Party" is not O Su Yong.
            if !w.as_bytes()[0].is_ascii_uppercase() || w.len() < 2 {
                continue;
            }
            let Some(Some((first, entity, name))) = keys.get(w) else {
                continue;
            };
            if *first >= t.start || self.ex.vocab.is_title(w) || self.ex.vocab.is_hard_stop(w) {
                continue;
            }
            let k = taken.partition_point(|&(_, e)| e <= t.start);
            if k < taken.len() && taken[k].0 < t.end {
                continue;
            }
            let f = Found {
                start: t.start,
                end: t.end,
                words: name.split(' ').map(str::to_owned).collect(),
                korean: true, // keep the name as given
                entity: *entity,
            };
            self.backrefs.push((f, i));
        }
    }

    /// The canonical name of a found name: the longest name found in the text that ends with
    /// its words (when there is exactly one such longest form).
    fn canonical(&self, f: &Found) -> String {
        if f.korean {
            return f.words.join(" ");
        }
        let fuller: Vec<&Found> = self
            .found
            .iter()
            .filter(|g| !g.korean && g.words.len() > f.words.len() && g.words.ends_with(&f.words))
            .collect();
        let Some(longest) = fuller.iter().max_by_key(|g| g.words.len()) else {
            return join_name(&f.words);
        };
        if fuller.iter().all(|g| longest.words.ends_with(&g.words)) {
            join_name(&longest.words)
        } else {
            join_name(&f.words)
        }
    }

    fn mentions(&self) -> Vec<Mention> {
        self.found
            .iter()
            .chain(self.backrefs.iter().map(|(f, _)| f))
            .map(|f| {
                let name = self.canonical(f);
                let entity = f
                    .entity
                    .or_else(|| self.ex.person_forms.get(&name).copied());
                let (id, name) = match entity {
                    Some(e) => {
                        let e = &self.ex.entities[e as usize];
                        (e.id.clone(), e.name.clone())
                    }
                    // One id for an unlisted person in every spelling of a first name
                    // ("Aleksandr Fomin", "Alexandr Fomin"); the name as written (a table shows
                    // the most used).
                    None => (slug(&transliteration_key(&name)), name),
                };
                Mention {
                    kind: EntityType::Person,
                    entity_id: id,
                    name,
                    start: f.start,
                    end: f.end,
                    surface: self.text[f.start..f.end].to_owned(),
                }
            })
            .collect()
    }

    fn candidates(&self) -> Vec<Candidate> {
        let resolved: Vec<usize> = self.backrefs.iter().map(|(_, s)| *s).collect();
        self.pending
            .iter()
            .filter(|(s, e, _)| e - s >= 2 && !resolved.contains(s))
            .map(|&(s, e, _)| {
                let (start, end) = (self.toks[s].start, self.toks[e - 1].end);
                Candidate {
                    text: self.text[start..end].to_owned(),
                    start,
                    end,
                }
            })
            .collect()
    }
}

/// A name from its words, initials with their period ("S. Surenjav", "George W. Bush").
fn join_name(words: &[String]) -> String {
    let mut out = String::new();
    for w in words {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        if w.chars().count() == 1 && starts_upper(w) {
            out.push('.');
        }
    }
    out
}

/// The word a person is called by alone: the family name of a Korean name ("Lee" in "Lee Myung
/// Bak") or of a two-word Chinese name ("Zhang" in "Zhang Weihua"), otherwise the last word
/// ("Lavrov").
fn surname<'w>(words: &[&'w str]) -> &'w str {
    let korean = words.len() >= 2
        && korean::is_family_name(words[0])
        && words[1..].iter().all(|w| korean::is_given_name(w));
    let chinese = words.len() == 2
        && chinese::is_family_name(words[0])
        && chinese::given_name_syllables(words[1]).is_some();
    if korean || chinese {
        words[0]
    } else {
        words[words.len() - 1]
    }
}

trait EndsWithStrs {
    fn ends_with_strs(&self, tail: &[&str]) -> bool;
}

impl EndsWithStrs for Vec<String> {
    fn ends_with_strs(&self, tail: &[&str]) -> bool {
        self.len() >= tail.len()
            && self[self.len() - tail.len()..]
                .iter()
                .zip(tail)
                .all(|(a, b)| a == b)
    }
}

/// Splits `text` into words: runs of letters and digits, joined by an inner hyphen or
/// apostrophe ("Diaz-Canel", "O'Neill"), without a possessive "'s". Marks the words that
/// overlap a gazetteer match.
fn tokenize(text: &str, hits: &[Hit], ex: &Extractor) -> Vec<Tok> {
    let mut toks = Vec::with_capacity(text.len() / 6);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut h = 0;
    while i < bytes.len() {
        let (c, len) = char_at(text, i);
        if !is_word(c) {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        while i < bytes.len() {
            let (c, len) = char_at(text, i);
            if is_word(c) {
                i += len;
                continue;
            }
            if matches!(c, '-' | '\'' | '’') && i + len < bytes.len() {
                let (next, next_len) = char_at(text, i + len);
                if is_word(next) {
                    // possessive 's ends the word
                    if c != '-' && next == 's' {
                        let k = i + len + next_len;
                        if k >= bytes.len() || !is_word(char_at(text, k).0) {
                            break;
                        }
                    }
                    i += len;
                    continue;
                }
            }
            break;
        }
        let end = i;
        while h < hits.len() && hits[h].end <= start {
            h += 1;
        }
        let covered = if h < hits.len() && hits[h].start < end {
            let pat = ex.pats[hits[h].pat as usize];
            Some(matches!(pat.kind, PatKind::Country(_)))
        } else {
            None
        };
        toks.push(Tok {
            start,
            end,
            covered,
        });
    }
    toks
}

/// The char at byte `i` (a char boundary) and its length, ASCII first.
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c, c.len_utf8())
    }
}

#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric()
    }
}
