//! Word lists of the name finder: titles, apposition roles, name particles, words that turn a
//! name into the name of something else, and common English words that are never name parts.

use rustc_hash::FxHashSet;

/// The built-in common-word list (`data/gazetteers/common_words.txt`).
pub const BUILTIN_COMMON_WORDS: &str = include_str!("../../../data/gazetteers/common_words.txt");

/// Titles, ranks and honorifics that precede a name (compared as written, and lower-cased for
/// the entries of [`LOWERCASE_TITLES`]). Multi-word titles are sequences of these.
pub const TITLES: &[&str] = &[
    "Comrade",
    "Comrades",
    "President",
    "Premier",
    "Minister",
    "Ambassador",
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Secretary",
    "General",
    "Vice-Premier",
    "Vice-President",
    "Vice-Chairman",
    "Vice-Minister",
    "Vice",
    "Director",
    "Director-General",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Prof",
    "Professor",
    "Marshal",
    "Prime",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Sheikh",
    "Sheikha",
    "Emir",
    "Amir",
    "Sultan",
    "Senator",
    "Chancellor",
    "Governor",
    "Mayor",
    "Speaker",
    "Colonel",
    "Lieutenant",
    "Captain",
    "Major",
    "Admiral",
    "Commander",
    "Deputy",
    "First",
    "Foreign",
    "Defence",
    "Defense",
    "Supreme",
    "Chief",
    "Leader",
    "Respected",
    "Great",
    "Dear",
    "Pope",
    "Lord",
    "Sir",
    "Madam",
    "Madame",
    "Emperor",
    "Crown",
    "Grand",
    "Duke",
    "Archbishop",
    "Bishop",
    "Reverend",
    "Rev",
    "Envoy",
    "Special",
    "Counsellor",
    "Councillor",
    "Consul",
    "Consul-General",
    "Secretary-General",
    "Under-Secretary",
    "Assistant",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Gen",
    "Lt",
    "Col",
    "Capt",
    "Adm",
    "Sgt",
    "Sergeant",
    "Executive",
    "Honorary",
    "Acting",
    "Former",
    "Late",
    "Senior",
    "Co-Chairman",
    "Chair",
    "Generalissimo",
    "Counselor",
    "Attache",
    "Chargé",
    "Charge",
    "Comandante",
    "Commandante",
    "Excellency",
    "His",
    "Her",
];

/// Titles also recognized in lower case ("foreign minister Sergei Lavrov").
pub const LOWERCASE_TITLES: &[&str] = &[
    "president",
    "premier",
    "minister",
    "ambassador",
    "chairman",
    "chairwoman",
    "secretary",
    "director",
    "marshal",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "envoy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "vice-minister",
    "vice-president",
    "vice-premier",
    "vice-chairman",
    "comrade",
    "senator",
    "governor",
    "mayor",
    "general",
    "leader",
    "secretary-general",
    "director-general",
];

/// Abbreviated titles written with a period ("Mr. Smith"); the period does not end a name.
pub const DOTTED_TITLES: &[&str] = &[
    "Mr", "Ms", "Mrs", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Adm", "Sgt", "Rev", "St", "Jr",
    "Sr",
];

/// Words that, right after ", " (optionally "the "/"a "/"an " and a country word), mark the
/// capitalized words before the comma as a person's name ("Andrei Rudenko, vice-minister of").
pub const ROLES: &[&str] = &[
    "president",
    "vice-president",
    "premier",
    "vice-premier",
    "prime",
    "minister",
    "vice-minister",
    "deputy",
    "foreign",
    "defence",
    "defense",
    "chairman",
    "chairwoman",
    "chairperson",
    "vice-chairman",
    "co-chairman",
    "secretary",
    "secretary-general",
    "general",
    "ambassador",
    "director",
    "director-general",
    "head",
    "leader",
    "chief",
    "member",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "king",
    "queen",
    "prince",
    "princess",
    "senior",
    "former",
    "first",
    "professor",
    "editor",
    "editor-in-chief",
    "envoy",
    "counsellor",
    "councillor",
    "commander",
    "mayor",
    "governor",
    "speaker",
    "chair",
    "adviser",
    "advisor",
    "founder",
    "representative",
    "consul",
    "consul-general",
    "charge",
    "chargé",
    "attache",
    "president-elect",
    "honorary",
    "permanent",
    "executive",
    "vice",
    "under-secretary",
    "assistant",
    "lecturer",
    "researcher",
    "correspondent",
    "journalist",
    "writer",
    "author",
    "officer",
    "official",
    "premier-elect",
    "emir",
    "sultan",
    "sheikh",
    "general-secretary",
    "acting",
    "chief-of-staff",
    "marshal",
    "colonel",
    "lieutenant",
    "captain",
    "major",
    "admiral",
    "manager",
    "scientist",
    "analyst",
    "commentator",
    "scholar",
    "veteran",
    "hero",
    "delegate",
    "deputy-director",
    "vice-director",
    "premier's",
    "party",
    "minister-counsellor",
];

/// Lower-case particles allowed inside a name ("Jose Eduardo dos Santos", "Bashar al-Assad").
pub const PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der",
    "den", "ter", "bin", "ibn", "bint", "al", "el", "y", "e", "ould", "ben", "abu", "st",
];

/// Words that, right after a name, make it part of the name of a place, institution, prize,
/// work or doctrine ("Kim Il Sung Square", "Kim Jong Il Prize", "Mao Zedong Thought").
pub const NONPERSON_NEXT: &[&str] = &[
    "Square",
    "University",
    "Prize",
    "Prizes",
    "Order",
    "Medal",
    "Stadium",
    "Street",
    "Bridge",
    "Station",
    "Foundation",
    "Socialist",
    "Youth",
    "Military",
    "Higher",
    "Institute",
    "Library",
    "Kindergarten",
    "Nursery",
    "Creche",
    "Iron",
    "Steel",
    "Silk",
    "Textile",
    "City",
    "School",
    "College",
    "Academy",
    "Award",
    "Awards",
    "Cup",
    "Hall",
    "Museum",
    "Park",
    "Hospital",
    "Theatre",
    "Theater",
    "Centre",
    "Center",
    "Naval",
    "Political",
    "Economic",
    "Agricultural",
    "Teacher",
    "Middle",
    "Primary",
    "Secondary",
    "Women's",
    "Women",
    "Children",
    "Children's",
    "Peak",
    "Works",
    "Mine",
    "Plant",
    "Factory",
    "Mill",
    "Farm",
    "Complex",
    "Avenue",
    "Road",
    "Memorial",
    "Mausoleum",
    "Auditorium",
    "Gymnasium",
    "County",
    "Class",
    "Pyongyang",
    "Honor",
    "Honour",
    "Commemorative",
    "Exhibition",
    "Sports",
    "Thought",
    "Airport",
    "Port",
    "Harbour",
    "Harbor",
    "Boulevard",
    "Plaza",
    "Tower",
    "Youth's",
    "Polytechnic",
    "Scholarship",
    "Trophy",
    "Fund",
    "Association",
    "Society",
    "Committee",
    "Institution",
    "Kimilsungia",
    "Kimjongilia",
];

/// Given names that are also common English words, allowed as the first part of a name.
pub const COMMON_GIVEN_NAMES: &[&str] = &[
    "Guy", "Bill", "Will", "Rose", "Grace", "Hope", "Mark", "Frank", "Young", "Jack", "Joy",
    "Victor", "Lance", "Dean", "Earl", "Faith", "Ray", "Rich", "Art", "Gloria", "Don", "Pat",
];

/// Capitalized words that are never part of a name even when they are rare in lower case.
pub const EXTRA_STOPWORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "And",
    "But",
    "Or",
    "Of",
    "In",
    "On",
    "At",
    "To",
    "For",
    "With",
    "By",
    "From",
    "As",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "His",
    "Her",
    "Their",
    "Our",
    "My",
    "Your",
    "Also",
    "Present",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Korea",
    "Korean",
    "Koreans",
    "Pyongyang",
    "Seoul",
    "Moscow",
    "Beijing",
    "Washington",
    "Tokyo",
    "Juche",
    "Songun",
    "Party",
    "Workers",
    "WPK",
    "KPA",
    "KCNA",
    "Rodong",
    "Sinmun",
    "Minju",
    "Joson",
    "Kimilsungism",
    "Kimjongilism",
    "Kimilsungism-Kimjongilism",
    "Kimilsungia",
    "Kimjongilia",
    "Mt",
    "Mount",
    "Paektu",
    "Kumsusan",
    "Mangyongdae",
    "Mansudae",
    "God",
    "Jesus",
    "Christ",
    "Allah",
    "Buddha",
    "Day",
    "Year",
    "Anniversary",
    "Meets",
    "Receives",
    "Sends",
    "Visits",
    "Greets",
    "Inspects",
    "Congratulates",
    "Hosts",
    "Gives",
    "Released",
    "Appointed",
    "Elected",
    "Juche-oriented",
    "Marxism-Leninism",
    "Great",
    "Leader",
    "Leaders",
    "Excellency",
    "Premier",
    "Prime",
    "Ambassador",
    "Presidium",
    "Assembly",
    "Cabinet",
    "Ministry",
    "Committee",
    "Council",
    "Government",
    "Republic",
    "Democratic",
    "People's",
    "Federation",
    "Kingdom",
    "Union",
    "United",
    "Nations",
    "Security",
    "International",
    "World",
    "North",
    "South",
    "East",
    "West",
    "Asia",
    "Europe",
    "Africa",
    "African",
    "Asian",
    "European",
    "Arab",
    "Latin",
    "Islamic",
    "Muslim",
    "Christian",
    "Catholic",
    "Buddhist",
    "English",
    "Internet",
    "Facebook",
    "Twitter",
    "YouTube",
    "Olympic",
    "Olympics",
    "Games",
    "Cup",
    "Olympiad",
];

/// The finder's word sets, built once per extractor.
#[derive(Debug, Clone)]
pub struct Vocab {
    titles: FxHashSet<&'static str>,
    lower_titles: FxHashSet<&'static str>,
    dotted: FxHashSet<&'static str>,
    roles: FxHashSet<&'static str>,
    particles: FxHashSet<&'static str>,
    nonperson_next: FxHashSet<&'static str>,
    given: FxHashSet<&'static str>,
    stop: FxHashSet<&'static str>,
    common: FxHashSet<&'static str>,
}

impl Default for Vocab {
    fn default() -> Self {
        let set = |w: &[&'static str]| w.iter().copied().collect::<FxHashSet<_>>();
        Vocab {
            titles: set(TITLES),
            lower_titles: set(LOWERCASE_TITLES),
            dotted: set(DOTTED_TITLES),
            roles: set(ROLES),
            particles: set(PARTICLES),
            nonperson_next: set(NONPERSON_NEXT),
            given: set(COMMON_GIVEN_NAMES),
            stop: set(EXTRA_STOPWORDS),
            common: BUILTIN_COMMON_WORDS
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .collect(),
        }
    }
}

impl Vocab {
    /// A title or rank ("President", "Mr", "foreign"… see [`TITLES`]).
    pub fn is_title(&self, w: &str) -> bool {
        self.titles.contains(w) || self.lower_titles.contains(w)
    }
    /// An abbreviation written with a period that does not end a name ("Mr.", "Dr.").
    pub fn is_dotted(&self, w: &str) -> bool {
        self.dotted.contains(w)
    }
    /// An apposition role word (lower case).
    pub fn is_role(&self, w: &str) -> bool {
        self.roles.contains(w)
            || w.strip_prefix("vice-")
                .is_some_and(|r| self.roles.contains(r))
            || w.strip_prefix("deputy-")
                .is_some_and(|r| self.roles.contains(r))
    }
    /// A lower-case name particle ("dos", "al").
    pub fn is_particle(&self, w: &str) -> bool {
        self.particles.contains(w)
    }
    /// A word that makes a preceding name part of another name ("Square").
    pub fn is_nonperson_next(&self, w: &str) -> bool {
        self.nonperson_next.contains(w)
    }
    /// A word never taken as a name, not even as a surname referring back ("The", "Monday").
    pub fn is_hard_stop(&self, w: &str) -> bool {
        self.stop.contains(w)
    }
    /// A capitalized word that cannot be part of a name: a stopword, or a common English word
    /// (frequent in lower case in KCNA text) that is not a known given name.
    pub fn is_stop(&self, w: &str) -> bool {
        if self.stop.contains(w) {
            return true;
        }
        if self.given.contains(w) {
            return false;
        }
        if w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_uppercase())
        {
            let mut buf = [0u8; 32];
            if w.len() <= buf.len() {
                let lower = &mut buf[..w.len()];
                lower.copy_from_slice(w.as_bytes());
                lower.make_ascii_lowercase();
                return std::str::from_utf8(lower).is_ok_and(|l| self.common.contains(l));
            }
            return false;
        }
        self.common.contains(w.to_lowercase().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_and_titles() {
        let v = Vocab::default();
        for w in ["Meets", "Receives", "The", "Present", "Foodstuff", "Monday"] {
            assert!(v.is_stop(w), "{w}");
        }
        for w in [
            "Lavrov", "Martinez", "Guy", "Munguia", "Rudenko", "Modesto", "Manuel",
        ] {
            assert!(!v.is_stop(w), "{w}");
        }
        assert!(v.is_title("Comrade") && v.is_title("minister") && !v.is_title("Lavrov"));
        assert!(v.is_role("vice-minister") && v.is_role("ambassador") && !v.is_role("said"));
    }
}
