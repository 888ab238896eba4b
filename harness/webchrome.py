"""The chrome of real news web pages as a browser's select-all copies it: skip links,
mastheads, mega-menus, trending bars, tickers, breadcrumbs, consent notices, bylines,
dates, captions, share rows, in-body adverts and links, tags, author bios, newsletter
prose, teaser lists built from real headlines, comment threads and footers.

Every function returns printed lines ("" for a blank line) and draws its words from large
pools, so no fixed phrase list recurs from page to page. Labels are the caller's business
(harness.layouts); teasers come from other stories of the same split, so a test dump never
shows a training story's headline.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

from harness.corpus import Story, split_of, story_pool

__all__ = [
    "Site",
    "after_article",
    "before_article",
    "blog_footer",
    "byline_lines",
    "caption_lines",
    "date_line",
    "headline_of",
    "in_body",
    "make_blog",
    "make_site",
    "reading_time",
    "share_lines",
    "teasers",
]

Lines = list[str]

# ---- people and places

FIRST = (
    "Jane", "John", "Maria", "Wei", "Amina", "Tom", "Priya", "Lars", "Fatima", "Diego", "Olga",
    "Kwame", "Sophie", "Hiroshi", "Aisha", "Marco", "Elena", "David", "Nadia", "Sam", "Chloe",
    "Rahul", "Ingrid", "Pedro", "Yuki", "Leila", "Ben", "Carmen", "Ivan", "Grace", "Ananya",
    "Vikram", "Sneha", "Arjun", "Kavita", "Rohit", "Deepika", "Sanjay", "Meera", "Aditya",
    "Jessica", "Michael", "Ashley", "Christopher", "Brittany", "Tyler", "Megan", "Kevin",
    "Heather", "Brian", "Lauren", "Jason", "Rachel", "Eric", "Danielle", "Nick", "Kate",
    "Alistair", "Fiona", "Rhys", "Siobhan", "Callum", "Harriet", "Oliver", "Imogen", "Declan",
)  # fmt: skip
LAST = (
    "Doe", "Smith", "Garcia", "Zhang", "Yusuf", "O'Neil", "Patel", "Berg", "Haddad", "Lopez",
    "Ivanova", "Mensah", "Martin", "Tanaka", "Khan", "Rossi", "Petrova", "Cohen", "Nowak",
    "Okafor", "Dubois", "Sharma", "Lindqvist", "Silva", "Sato", "Farah", "Walsh", "Reyes",
    "Gupta", "Iyer", "Menon", "Chatterjee", "Reddy", "Nair", "Singh", "Banerjee", "Kapoor",
    "Johnson", "Williams", "Brown", "Miller", "Davis", "Wilson", "Anderson", "Thompson",
    "Robinson", "Clark", "Lewis", "Hughes", "Murphy", "Kelly", "McCarthy", "Fraser", "Evans",
    "Nguyen", "Kim", "Park", "Hernandez", "Schneider", "Fischer", "Bauer", "Jensen", "Moreau",
)  # fmt: skip
US_CITIES = (
    ("Sioux Falls", "SD"), ("Columbus", "OH"), ("Tulsa", "OK"), ("Des Moines", "IA"),
    ("Fresno", "CA"), ("Tucson", "AZ"), ("Knoxville", "TN"), ("Spokane", "WA"),
    ("Lexington", "KY"), ("Boise", "ID"), ("Omaha", "NE"), ("Asheville", "NC"),
    ("Savannah", "GA"), ("Burlington", "VT"), ("Green Bay", "WI"), ("El Paso", "TX"),
    ("Providence", "RI"), ("Wichita", "KS"), ("Albany", "NY"), ("Reno", "NV"),
)  # fmt: skip
UK_CITIES = (
    "Manchester", "Leeds", "Bristol", "Cardiff", "Glasgow", "Belfast", "Norwich", "Plymouth",
    "Sheffield", "Nottingham", "Leicester", "Hull", "Swansea", "Aberdeen", "Brighton",
)  # fmt: skip
IN_CITIES = (
    "Delhi", "Mumbai", "Bengaluru", "Chennai", "Kolkata", "Hyderabad", "Pune", "Lucknow",
    "Jaipur", "Ahmedabad", "Chandigarh", "Kochi", "Bhopal", "Patna", "Guwahati",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
STREETS = (
    "K Street, NW", "Main Street", "Market St.", "Broadway", "Fleet Street", "Grand Ave.",
    "Commerce Drive", "Park Avenue South", "Bahadur Shah Zafar Marg", "Queen Street",
    "Riverside Blvd.", "Sixth Avenue", "Pine Street", "Kings Road", "Industrial Parkway",
)  # fmt: skip

# ---- site identity

NEWS_NOUNS = (
    "Herald", "Post", "Times", "Chronicle", "Courier", "Gazette", "Observer", "Telegraph",
    "Star", "Journal", "Standard", "Mirror", "Record", "Tribune", "Sentinel", "Dispatch",
    "Argus Leader", "Register", "Examiner", "Bee", "Ledger", "Press", "Enquirer", "Daily News",
    "Eagle", "Review", "Independent", "Express", "Inquirer", "Free Press", "Democrat",
)  # fmt: skip
TECH_HEADS = (
    "Tech", "Gadget", "Byte", "Digital", "Circuit", "Silicon", "Pixel", "Data", "Code",
    "Cyber", "Net", "Droid", "Mac", "Geek", "Gizmo", "Chip", "Cloud", "Signal",
)  # fmt: skip
TECH_TAILS = (
    "Crunch", "Wire", "Pulse", "Beat", "Radar", "Spot", "Insider", "Hub", "Verge", "Daily",
    "Report", "Trends", "Nation", "Lab", "Bytes", "Scoop", "Central", "World",
)  # fmt: skip
WORDS = (
    "Daily", "Morning", "Evening", "Northern", "Western", "National", "Metro", "City",
    "Global", "Capital", "Coastal", "Valley", "Union", "Pioneer", "Frontier", "Atlantic",
    "Pacific", "Heartland", "Midland", "Eastern", "Republic", "Federal", "Liberty", "Summit",
)  # fmt: skip
IN_PAPERS = ("India", "Bharat", "Deccan", "Hindustan", "National", "Asian")
KINDS = ("us_local", "us_national", "uk", "india", "tech", "tv", "magazine")


@dataclass(frozen=True, slots=True)
class Site:
    """One web site: its name, its house style, and the seed of its fixed chrome."""

    name: str
    domain: str
    kind: str
    case: str  # headline case: "title", "sentence" or "asis"
    menu_case: str  # "title", "upper" or "lower"
    city: str
    region: str
    seed: int  # menus, masthead and footer are the same on every page of one site


def make_site(rng: random.Random) -> Site:
    """A site drawn at random: a local US paper, a national or TV site, a UK or Indian
    paper, a tech blog or a magazine."""
    kind = rng.choice(KINDS)
    city, region = rng.choice(US_CITIES)
    if kind == "us_local":
        name = rng.choice(
            (
                f"{city} {rng.choice(NEWS_NOUNS)}",
                f"The {city} {rng.choice(NEWS_NOUNS)}",
                f"{city} Daily {rng.choice(NEWS_NOUNS)}",
            )
        )
    elif kind == "us_national":
        name = rng.choice(
            (
                f"{rng.choice(WORDS)} {rng.choice(('News', 'Report', 'Politics', 'Wire'))}",
                f"The {rng.choice(WORDS)} {rng.choice(NEWS_NOUNS)}",
                f"{rng.choice(WORDS)}{rng.choice(('Nation', 'Watch', 'Post'))}",
            )
        )
    elif kind == "uk":
        city, region = rng.choice(UK_CITIES), "UK"
        name = rng.choice(
            (
                f"{city} Live",
                f"{city} Evening {rng.choice(NEWS_NOUNS)}",
                f"The {rng.choice(WORDS)} {rng.choice(NEWS_NOUNS)}",
            )
        )
    elif kind == "india":
        city, region = rng.choice(IN_CITIES), "India"
        name = rng.choice(
            (
                f"The {city} {rng.choice(NEWS_NOUNS)}",
                f"{rng.choice(IN_PAPERS)} {rng.choice(NEWS_NOUNS)}",
                f"News{rng.choice(('18', '24', 'X', ' Nation', 'Track'))}",
            )
        )
    elif kind == "tech":
        name = rng.choice(TECH_HEADS) + rng.choice(TECH_TAILS)
    elif kind == "tv":
        call = "K" if rng.random() < 0.5 else "W"
        call += "".join(rng.choice("ABCDEFGHKLMNPRSTVWXY") for _ in range(rng.randint(2, 3)))
        name = rng.choice(
            (
                f"{call} {rng.randint(2, 13)} News",
                f"{rng.choice(('FOX', 'CBS', 'NBC', 'ABC'))} {rng.randint(2, 40)} {city}",
                f"{call}.com",
            )
        )
    else:
        name = rng.choice(
            (
                f"The {rng.choice(WORDS)} Review",
                f"{rng.choice(WORDS)} Monthly",
                f"The {rng.choice(WORDS)}",
            )
        )
    domain = re.sub(r"[^a-z0-9]", "", name.lower().removeprefix("the ")) + rng.choice(
        (".com", ".com", ".co.uk" if kind == "uk" else ".com", ".in" if kind == "india" else ".net")
    )
    case = {
        "us_local": "title",
        "us_national": "title",
        "tv": "title",
        "tech": "title",
        "magazine": "title",
    }.get(kind, "sentence")
    if rng.random() < 0.25:
        case = rng.choice(("title", "sentence", "asis"))
    menu_case = rng.choices(("title", "upper", "lower"), (75, 20, 5))[0]
    return Site(name, domain, kind, case, menu_case, city, region, rng.randrange(2**31))


def _pick(rng: random.Random, pool: tuple[str, ...], lo: int, hi: int) -> Lines:
    return rng.sample(pool, min(len(pool), rng.randint(lo, hi)))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _menu(item: str, site: Site) -> str:
    if site.menu_case == "upper":
        return item.upper()
    if site.menu_case == "lower" and not item[:1].isdigit():
        return item.lower()
    return item


# ---- headlines and teasers

_SMALL_WORDS = (
    "a", "an", "the", "of", "to", "in", "on", "at", "for", "by", "and", "or", "as", "is", "up",
    "vs", "via", "from", "with", "over", "into", "after", "amid", "but", "nor", "per", "than",
)  # fmt: skip
SMALL = frozenset(_SMALL_WORDS)
_ACRONYM_WORDS = (
    "U.S.", "US", "UK", "EU", "IMF", "OPEC", "UN", "NATO", "GM", "IBM", "AT&T", "BP", "CEO",
    "FBI", "CIA", "NASA", "NFL", "NBA", "FIFA", "UEFA", "ECB", "GDP", "IPO", "TV", "BBC", "ICC",
    "PM", "MP", "MPS", "G7", "G-7", "NHS", "AIDS", "WTO", "OECD", "GATT", "EC", "USA", "USSR",
    "AG", "SA", "NV", "PLC", "ANC", "PLO", "IRA", "BJP", "IPL", "CBI", "RBI",
)  # fmt: skip
ACRONYMS = frozenset(_ACRONYM_WORDS)
_TICKER = re.compile(r"\s*<[^>]*>")
_SPORT_PREFIX = re.compile(r"^([A-Z][A-Z .&]+?)\s*-\s*(?=\S)")
_SPACE_PUNCT = re.compile(r" (?=[,.;:!?])")


_SHORT_WORD_LIST = (
    *_SMALL_WORDS, "new", "oil", "net", "say", "set", "cut", "buy", "its", "bid", "pct", "dlr",
    "mln", "top", "two", "ten", "six", "low", "end", "win", "law", "tax", "job", "gas", "war",
    "pay", "car", "key", "ups", "due", "has", "not", "out", "may", "get", "off", "one", "his",
    "her", "who", "why", "how", "are", "was", "see", "sea", "air", "men", "put", "rise", "era",
    "aid", "row", "fed", "ban", "let", "big", "old", "red", "sun", "art", "day", "run", "own",
    "all", "yen", "go", "be", "we", "no", "do", "it", "he", "me", "my", "so", "if", "us", "el",
    "la", "de", "san", "los", "van", "von",
)  # fmt: skip
_SHORT_WORDS = frozenset(_SHORT_WORD_LIST)


def _word_case(word: str, k: int, mode: str) -> str:
    core = word.strip("\"'(),:;")
    if core.upper() in ACRONYMS or any(ch.isdigit() for ch in word):
        return word
    if word.isupper() and len(core) <= 3 and core.isalpha() and core.lower() not in _SHORT_WORDS:
        return word  # most short words in a capitals headline are initials: "CCC", "IBC"
    if mode == "title":
        if k and word.lower() in SMALL:
            return word.lower()
        if word.isupper():
            word = word.lower()
        return "-".join(w[:1].upper() + w[1:] for w in word.split("-"))
    return word.lower() if (k or word.isupper()) and word.isupper() else word


_CAPITALISED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def retitle(title: str, mode: str, context: str = "") -> str:
    """A headline as a web site prints it: tickers dropped, capitals undone, in title
    case, sentence case or as given; in sentence case, words capitalised mid-sentence in
    `context` (names) keep their capital."""
    text = _SPACE_PUNCT.sub("", _TICKER.sub("", title)).strip().rstrip(".").strip()
    text = " ".join(text.split())
    if mode == "asis" and not text.isupper():
        return text
    if mode == "asis":
        mode = "title"
    words = text.split()
    out = [_word_case(w, k, mode) for k, w in enumerate(words)]
    if mode == "sentence" and out:
        names = {w.lower(): w for w in _CAPITALISED.findall(context)}
        out = [names.get(w.lower(), w) for w in out]
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def headline_of(story: Story, site: Site) -> tuple[str, str]:
    """The page's kicker ("" for none) and headline: a CoNLL "CRICKET - ..." prefix
    becomes the kicker."""
    title = story.title
    kicker = ""
    m = _SPORT_PREFIX.match(title)
    if m and len(m.group(1)) < 30 and len(title) - m.end() > 10:
        kicker, title = m.group(1).strip().title(), title[m.end() :]
    return kicker, retitle(title, site.case, story.body)


def _first_sentence(story: Story) -> str:
    for p in (_TICKER.sub("", p) for p in story.paragraphs):
        if len(p) > 60 and not re.fullmatch(r"[A-Z][A-Z .,'-]+ \d{4}-\d{2}-\d{2}", p):
            s = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", p)[0]
            return s if len(s) < 260 else s[:200].rsplit(" ", 1)[0] + "..."
    return ""


@lru_cache(maxsize=2)
def _teaser_pool(split: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (s.title, _first_sentence(s)) for s in story_pool(split, 7) if s.title and len(s.title) > 12
    )


def teasers(rng: random.Random, story: Story, site: Site, n: int) -> list[tuple[str, str]]:
    """`n` (headline, snippet) pairs of other stories of `story`'s split, in the site's case."""
    pool = _teaser_pool(split_of(story))
    out = []
    drawn = rng.sample(pool, n)
    if n == 1 and drawn[0][0] == story.title:
        # the story's own headline, the only one asked for: draw again (drawing more every
        # time would change every dump the shipped segmenter was trained on)
        drawn = [t for t in rng.sample(pool, 2) if t[0] != story.title][:1]
    for title, snippet in drawn:
        if title == story.title:
            continue
        m = _SPORT_PREFIX.match(title)
        if m and len(title) - m.end() > 10:
            title = title[m.end() :]
        out.append((retitle(title, site.case, snippet), snippet))
    return out


def _ago(rng: random.Random) -> str:
    n = rng.randint(1, 23)
    return rng.choice(
        (
            f"{n} hours ago",
            f"{n}h ago",
            f"{n} mins ago",
            f"{n}m",
            f"{n}h",
            f"{rng.randint(1, 6)} days ago",
            "1 hour ago",
            "Yesterday",
            f"{rng.choice(MONTHS)[:3]} {rng.randint(1, 28)}",
            f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}",
        )
    )


# ---- the top of the page

SKIP_LINKS = (
    "Skip to main content", "Skip to navigation", "Skip to content", "Skip to footer",
    "Jump to content", "Skip Navigation", "Accessibility help", "Skip to main menu",
    "Skip to search", "Skip to article", "Jump to navigation", "Accessibility links",
    "Skip to Main Content", "skip to content",
)  # fmt: skip
UTILITY = (
    "Log In", "Sign In", "Subscribe", "Subscribe for $1", "Subscribe Now", "Register",
    "My Account", "Edition: US", "Edition: International", "US Edition", "UK Edition",
    "Search", "Menu", "Close", "Open Menu", "Today's Paper", "e-Edition", "E-Paper",
    "Newsletters", "Sign up for newsletters", "Manage Account", "Get the app", "Download App",
    "Live TV", "Watch Live", "Listen Live", "Notifications", "Contribute", "Support us",
    "Donate", "Advertise with us", "Sign Up", "Subscribe to our newsletter", "Log out",
    "Digital Access", "Start your free trial", "Get 3 months for $1", "Español", "हिन्दी",
    "বাংলা", "Set Edition", "Change location", "Set your location", "Submit a tip",
    "Contact Us", "Weather Alerts", "Closings & Delays", "Gift Subscriptions", "Account",
    "Sign in with Google", "Join", "Become a member", "Try 1 month free", "LIVE", "Podcasts",
)  # fmt: skip
# fmt: off
MENU_GROUPS: dict[str, tuple[str, ...]] = {
    "News": (
        "World", "U.S.", "Politics", "U.S. Politics", "Elections", "Election 2020", "Local",
        "Metro", "Crime", "Courts", "Education", "Weather", "Traffic", "Immigration",
        "National", "Nation", "World News", "Africa", "Americas", "Asia", "Australia",
        "China", "Europe", "Middle East", "India", "UK", "England", "Scotland", "Wales",
        "Northern Ireland", "Investigations", "Fact Check", "Obituaries", "Good News",
        "Coronavirus", "Climate", "Environment", "Science", "Religion", "Military",
    ),
    "Business": (
        "Business", "Markets", "Economy", "Companies", "Tech", "Money", "Personal Finance",
        "Real Estate", "Small Business", "Retail", "Energy", "Autos", "Media", "Banking",
        "Stocks", "Mutual Funds", "Budget 2019", "Startups", "Jobs", "Careers", "Work",
        "Investing", "Crypto", "Commodities", "Earnings", "Deals",
    ),
    "Sports": (
        "Sports", "NFL", "NBA", "MLB", "NHL", "College Football", "High School Sports",
        "Soccer", "Football", "Cricket", "Tennis", "Golf", "Formula 1", "Rugby Union",
        "Boxing", "MMA", "Olympics", "IPL 2019", "Premier League", "Cycling", "Athletics",
        "Fantasy", "Scores", "Betting",
    ),
    "Entertainment": (
        "Entertainment", "Movies", "TV", "Music", "Celebrity", "Books", "Arts", "Theater",
        "Bollywood", "Hollywood", "Regional Cinema", "Reviews", "Streaming", "Gaming",
        "Culture", "Stage", "Photography", "Web Series", "Trailers",
    ),
    "Lifestyle": (
        "Lifestyle", "Health", "Food", "Travel", "Style", "Fashion", "Beauty", "Wellness",
        "Relationships", "Parenting", "Home & Garden", "Recipes", "Horoscopes", "Astrology",
        "Fitness", "Pets", "Shopping", "Holidays", "Weddings", "Puzzles", "Crossword",
        "Sudoku", "Games",
    ),
    "Opinion": (
        "Opinion", "Editorials", "Columnists", "Letters to the Editor", "Op-Ed", "Cartoons",
        "Guest Columns", "Analysis", "Blogs", "Commentary", "Ideas", "Perspectives",
    ),
    "Tech": (
        "Gadgets", "Reviews", "Apps", "Gaming", "Security", "AI", "Smartphones", "Laptops",
        "How To", "Buying Guides", "Best Picks", "Mobile", "Computing", "Audio", "Cameras",
        "Wearables", "Software", "Internet", "Social Media", "Space", "Electric Cars",
    ),
    "Video": (
        "Video", "Videos", "Photos", "Photo Galleries", "Live TV", "Podcasts", "Shows",
        "Documentaries", "Web Stories", "Visual Stories", "Newscasts", "Watch",
    ),
    "More": (
        "Newsletters", "Events", "Classifieds", "Jobs", "Cars", "Homes", "Shop", "Deals",
        "Coupons", "Contests", "Lottery", "Legal Notices", "Place an Ad", "Archives",
        "Today's Paper", "E-Edition", "Corrections", "Contact Us", "About Us", "Help",
        "Send us a news tip", "Sponsored Content", "Partner Content", "Brand Studio",
    ),
}
# fmt: on
GROUP_HEADS = {
    "News": ("News", "NEWS", "Top Stories", "Latest", "Home"),
    "Business": ("Business", "Money", "Markets & Finance"),
    "Sports": ("Sports", "Sport"),
    "Entertainment": ("Entertainment", "Culture", "Arts & Entertainment"),
    "Lifestyle": ("Lifestyle", "Life", "Living"),
    "Opinion": ("Opinion", "Views", "Comment is free"),
    "Tech": ("Tech", "Technology", "Science & Tech"),
    "Video": ("Video", "Watch", "Multimedia"),
    "More": ("More", "More…", "Sections", "Explore", "All Sections"),
}
TRENDING_HEADS = (
    "Trending:", "TRENDING", "Trending Now", "Hot Topics:", "In the news:", "Top searches:",
    "Trending Topics", "TRENDING NOW", "What's hot", "Most searched", "Now Trending:",
    "HOT TOPICS", "Happening now", "In Focus",
)  # fmt: skip
TOPICS = (
    "Impeachment Inquiry", "Brexit", "Hong Kong Protests", "Delhi Pollution", "Ayodhya Verdict",
    "Climate Crisis", "NFL Week 12", "Black Friday Deals", "iPhone 11", "Coronavirus",
    "Election Results", "Stock Market Today", "Weather Forecast", "Gas Prices", "Royal Family",
    "World Cup", "Oscars 2020", "Budget 2020", "Maharashtra Govt Formation", "JNU Protest",
    "Rafale Verdict", "Trade War", "Wildfires", "Super Bowl", "Thanksgiving", "Diwali",
    "Champions League", "Ashes", "Kashmir", "Amazon Prime Day", "Tesla", "Bitcoin", "Fed",
    "Student Loans", "Medicare", "Housing Market", "Brexit Deal", "General Election",
    "Boris Johnson", "Greta Thunberg", "Cyber Monday", "5G", "Google Pixel 4", "Galaxy Fold",
)  # fmt: skip
TICKER_HEADS = (
    "BREAKING", "BREAKING NEWS", "Breaking News:", "JUST IN:", "Live Updates:", "LATEST:",
    "Developing:", "Breaking:", "ALERT:", "Update:",
)  # fmt: skip
TICKER_TAILS = ("- Read More »", "Read More »", "Read more", "»", "→", "", "", "Watch live")
COOKIE = (
    "We use cookies to improve your experience. By continuing you agree to our use of cookies.",
    "This site uses cookies. Find out more in our cookie policy.",
    "We and our partners use cookies to personalise content and ads, to provide social media"
    " features and to analyse our traffic.",
    "By using this site, you agree to the Privacy Policy and Terms of Use.",
    "We value your privacy",
    "We care about your privacy",
    "This website uses cookies to ensure you get the best experience on our website.",
    "Our website uses cookies. By clicking Accept, you consent to the use of cookies.",
    "We have updated our Privacy Policy. Please take a moment to review it.",
    "We use cookies and other tracking technologies to improve your browsing experience,"
    " to show you personalized content and targeted ads, and to understand where our"
    " audiences come from.",
    "You can change your choices at any time by visiting Cookie Preferences.",
)
COOKIE_BUTTONS = (
    "Accept", "I Accept", "Accept Cookies", "Manage Settings", "Reject All", "OK, I understand",
    "Got it!", "Continue", "Accept all", "More options", "Learn more", "Agree", "I agree",
    "Close", "Cookie Settings", "Allow all", "Do not consent", "Privacy Settings",
)  # fmt: skip
PAYWALL = (
    "You have reached your limit of free articles.",
    "Already a subscriber? Log in",
    "This article is free to read",
    "Get unlimited digital access",
    "We noticed you're using an ad blocker. Please consider supporting us by disabling it.",
    "Subscribers only",
    "Premium",
    "You have 3 free articles remaining this month.",
    "Support independent journalism",
    "Enjoy unlimited access for just $1",
)
BREADCRUMB_LEADS = ("You are at:", "You are here:", "Home", "Home >", "HOME", "News")
BREADCRUMB_SEPS = (" > ", " / ", " » ", " › ", " | ", "\n")
KICKER_WORDS = (
    "ANALYSIS", "EXCLUSIVE", "Opinion", "Fact Check", "Explainer", "Politics", "World",
    "Business", "Tech", "Local News", "Crime & Courts", "Sports", "Health", "Markets",
    "Education", "Climate", "Live", "Commentary", "Review", "Investigation", "Money",
    "Weather", "Science", "Economy", "India News", "US & Canada", "Media", "Energy",
)  # fmt: skip


def _masthead(rng: random.Random, site: Site) -> Lines:
    lines = [site.name]
    if rng.random() < 0.4:
        lines.append(
            rng.choice(
                (
                    f"{rng.choice(DAYS)}, {rng.choice(MONTHS)} {rng.randint(1, 28)}, 2019",
                    f"{rng.randint(30, 95)}°F",
                    f"{site.city}, {site.region}",
                    rng.choice(("Est. 1887", "Since 1921", "Truth. Fairness.", "Local news")),
                    f"Today's Paper: {rng.choice(MONTHS)[:3]} {rng.randint(1, 28)}",
                )
            )
        )
    if rng.random() < 0.3:
        lines.insert(0, rng.choice(("Logo", f"{site.name} logo", "Home", "Menu")))
    return lines


def _mega_menu(rng: random.Random, site: Site, size: int) -> Lines:
    """Several groups of links, mixed shapes, `size` items or so."""
    groups = list(MENU_GROUPS)
    rng.shuffle(groups)
    groups = groups[: rng.randint(2, len(groups))]
    per = max(3, size // len(groups))
    out: Lines = []
    if rng.random() < 0.6:
        out += [_menu(x, site) for x in _pick(rng, UTILITY, 2, 7)]
    for g in groups:
        if rng.random() < 0.6:
            out.append(_menu(rng.choice(GROUP_HEADS[g]), site))
        items = _pick(rng, MENU_GROUPS[g], max(2, per - 3), per + 3)
        if g == "News" and rng.random() < 0.5:
            items.insert(rng.randint(0, len(items)), site.city)
        out += [_menu(x, site) for x in items]
    if rng.random() < 0.15:  # a menu laid out as one line of inline links
        k = rng.randint(4, 9)
        out = [rng.choice(("  ", " | ", " ", "\t")).join(out[:k]), *out[k:]]
    return out[: max(size, 8)]


def _trending(rng: random.Random, story: Story, site: Site) -> Lines:
    topics = _pick(rng, TOPICS, 3, 7)
    if rng.random() < 0.4:
        topics += [" ".join(t.split()[:3]) for t, _ in teasers(rng, story, site, 2)]
    head = rng.choice(TRENDING_HEADS)
    if rng.random() < 0.3:
        return [f"{head} " + rng.choice((" | ", ", ", "  ", " · ")).join(topics)]
    return [head, *topics]


def _ticker(rng: random.Random, story: Story, site: Site) -> Lines:
    out = []
    for title, _ in teasers(rng, story, site, rng.randint(1, 3)):
        tail = rng.choice(TICKER_TAILS)
        line = f"{rng.choice(TICKER_HEADS)} {title}" + (f" {tail}" if tail else "")
        out += [line] if rng.random() < 0.6 else line.split(" ", 1)
    return out


def _breadcrumbs(rng: random.Random, site: Site, section: str) -> Lines:
    parts = [rng.choice(BREADCRUMB_LEADS), section]
    if rng.random() < 0.5:
        parts.append(rng.choice(MENU_GROUPS[rng.choice(list(MENU_GROUPS))]))
    if parts[0] == "You are at:" or parts[0] == "You are here:":
        parts.insert(1, "Home")
    sep = rng.choice(BREADCRUMB_SEPS)
    if sep == "\n":
        return parts
    return [sep.join(parts).replace(">  >", ">").replace("> >", ">")]


def before_article(
    rng: random.Random, story: Story, site: Site, menu_size: int
) -> list[tuple[Lines, bool]]:
    """The blocks above the headline, in page order, each with whether every page of the
    site has it: skip links, consent notice, masthead, menus, trending bar, ticker,
    breadcrumbs."""
    fixed = random.Random(site.seed)
    skip = _pick(fixed, SKIP_LINKS, 1, 3)
    masthead = _masthead(fixed, site)
    menu = _mega_menu(fixed, site, menu_size)
    blocks: list[tuple[Lines, bool]] = []
    if rng.random() < 0.7:
        blocks.append((skip, False))
    if rng.random() < 0.3:
        blocks.append(([rng.choice(COOKIE), *_pick(rng, COOKIE_BUTTONS, 1, 3)], False))
    blocks += [(masthead, True), (menu, True)]
    if rng.random() < 0.45:
        blocks.append((_trending(rng, story, site), False))
    if rng.random() < 0.25:
        blocks.append((_ticker(rng, story, site), False))
    if rng.random() < 0.15:
        blocks.append((_pick(rng, PAYWALL, 1, 2), False))
    if rng.random() < 0.4:
        blocks.append((_breadcrumbs(rng, site, rng.choice(KICKER_WORDS)), False))
    return blocks


# ---- inside the article

ROLES = (
    "Reporter", "Staff Writer", "Senior Correspondent", "Political Editor", "Business Reporter",
    "Contributor", "Special Correspondent", "Tech Editor", "Sports Writer", "Editor",
    "Senior Reporter", "Data Journalist", "Correspondent", "Deputy Editor", "Columnist",
)  # fmt: skip
AGENCIES = (
    "Reuters", "Associated Press", "AFP", "PTI", "IANS", "Press Trust of India", "ANI",
    "Bloomberg", "PA Media", "Agencies", "dpa", "Xinhua", "CNN Wire", "Tribune News Service",
)  # fmt: skip


def byline_lines(rng: random.Random, site: Site) -> Lines:
    """A byline in one of many shapes, one to three lines."""
    a, b = _name(rng), _name(rng)
    handle = "@" + re.sub(r"\W", "", a.lower())[: rng.randint(6, 12)]
    return rng.choice(
        (
            [f"By {a}"],
            [f"By {a} and {b}"],
            [f"By {a.upper()}"],
            [f"{a}, {rng.choice(ROLES)}"],
            [f"{a} | {site.name}"],
            [a],
            [a, rng.choice(ROLES)],
            [f"Written by {a}"],
            [f"By {a}, {site.name}"],
            [f"{a} {handle}"],
            [a, "Follow"],
            [f"Written By : {a} | Edited By : {b}"],
            [f"{rng.choice(AGENCIES)}"],
            [f"By {a}", f"{site.city}, {site.region}"],
            [f"{a} for {site.name}"],
            [f"Edited by {a}"],
            [f"{rng.choice(AGENCIES)} | {site.city}"],
            ["By", a],
        )
    )


def date_line(rng: random.Random) -> str:
    """A publication stamp in one of the shapes real sites print."""
    d, m, y = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2010, 2024)
    h, mi = rng.randint(1, 12), rng.randint(0, 59)
    ap = rng.choice(("AM", "PM", "a.m.", "p.m.", "am", "pm"))
    tz = rng.choice(("EST", "ET", "IST", "GMT", "BST", "PST", "CT", "UTC"))
    weekday = rng.choice(DAYS)
    return rng.choice(
        (
            f"Published {h}:{mi:02d} {ap} {tz} {m[:3]} {d}, {y}",
            f"Updated : {d} {m} {y}, {h:02d}:{mi:02d} {ap}",
            f"{rng.randint(1, 23)} hours ago",
            f"{m[:3]}. {d}, {y} / {h}:{mi:02d} {ap} / Updated {rng.randint(1, 9)} hours ago",
            f"Posted: {weekday[:3]} {d} {m[:3]} {y} {h}.{mi:02d} {tz}",
            f"First Published: {m[:3]} {d}, {y}, {h:02d}:{mi:02d} {tz}",
            f"Last Updated: {m} {d}, {y} {h}:{mi:02d} {ap} {tz}",
            f"{weekday} {d} {m} {y} {h:02d}.{mi:02d} {tz}",
            f"{m} {d}, {y}",
            f"{d} {m} {y}",
            f"Updated {h}:{mi:02d} {ap} {tz}, {weekday} {m} {d}, {y}",
            f"{m[:3]} {d}, {y} at {h}:{mi:02d} {ap}",
            f"Published: {h:02d}:{mi:02d} {tz}, {d} {m} {y} | Updated: {h:02d}:{mi:02d} {tz},"
            f" {d} {m} {y}",
            f"{site_city_dateline(rng)} | Updated: {m} {d}, {y} {h}:{mi:02d}:{rng.randint(10, 59)}"
            f" {ap}",
            f"{d:02d}/{MONTHS.index(m) + 1:02d}/{y}",
            f"{y}-{MONTHS.index(m) + 1:02d}-{d:02d}T{h:02d}:{mi:02d}:00Z",
            f"Modified date: {m} {d}, {y}",
        )
    )


def site_city_dateline(rng: random.Random) -> str:
    return rng.choice((*IN_CITIES, "New Delhi", "Washington", "London", "New York"))


def reading_time(rng: random.Random) -> str:
    n = rng.randint(2, 14)
    return rng.choice(
        (
            f"{n} min read",
            f"{n} minute read",
            f"Reading time: {n} min",
            f"{n} mins",
            f"{n} MIN READ",
        )
    )


CREDITS = (
    "(Photo Credit : PTI File Photo )", "Getty Images", "Image copyright Reuters",
    "Image copyright Getty Images", "(AP Photo/{n})", "Photo: {n}/The Star", "{n}/NPR",
    "REUTERS/{n}", "FILE PHOTO", "Photograph: {n}/AFP via Getty Images", "Credit: {n}",
    "Shutterstock", "(File photo)", "Image: {n}", "Image source, Getty Images",
    "Picture: {n}", "(Image: Getty)", "Courtesy of {n}", "Express Photo by {n}",
    "(Representational image)", "Photo by {n} on Unsplash", "iStock", "EPA", "ANI Photo",
)  # fmt: skip


def caption_lines(rng: random.Random, caption: str) -> Lines:
    """A photo caption and its credit, in one of many arrangements."""
    credit = rng.choice(CREDITS).format(n=_name(rng))
    return rng.choice(
        (
            [caption, credit],
            [f"{caption} ({credit.strip('()')})"],
            [credit, caption],
            [f"Image caption {caption}"],
            ["Image copyright", credit.removeprefix("Image copyright "), "Image caption", caption],
            [f"{caption} {credit}"],
            ["Enlarge this image", caption, credit, "toggle caption"],
            [f"{rng.randint(1, 3)} / {rng.randint(4, 15)}", caption, credit],
            [caption, "Show caption", credit],
            [f"FILE PHOTO: {caption}"],
            [credit],
        )
    )


SHARE_ITEMS = (
    "Share", "Share this article", "Facebook", "Twitter", "WhatsApp", "Email", "Pinterest",
    "LinkedIn", "Reddit", "Copy link", "Print", "Comment", "Save", "Share on Facebook",
    "Tweet", "Share via Email", "Text size", "A A A", "Listen to this article", "Gift this article",
    "Save for later", "Bookmark", "Flipboard", "Telegram", "Messenger", "Share on X", "SMS",
    "Copy Link", "Font Size", "Listen", "Share full article", "Comments", "Link copied",
)  # fmt: skip


def share_lines(rng: random.Random) -> Lines:
    items = _pick(rng, SHARE_ITEMS, 1, 6)
    r = rng.random()
    if r < 0.3:
        return [" ".join(items)]
    if r < 0.4:
        return [*items, f"{rng.randint(1, 99)}{rng.choice(('', '', 'K'))} Shares"]
    if r < 0.5:
        return [f"{rng.randint(0, 480)} Comments", *items]
    return items


NEWSLETTER_BLURBS = (
    "Sign up for our daily newsletter",
    "Get our free {s} newsletter",
    "Sign up for {site}'s morning briefing",
    "Enter your email address",
    "Sign Up",
    "You can unsubscribe at any time.",
    "By signing up you agree to our Terms of Use and Privacy Policy.",
    "Thank you for signing up!",
    "Get the latest {s} news delivered to your inbox.",
    "Invalid email address",
    "Subscribe to our {s} newsletter for the week's top stories.",
    "Don't miss a story: sign up for breaking news alerts.",
)
ADVERTS = (
    "Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
    "Continue reading the main story", "Advertisement - Continue Reading Below",
    "Scroll to continue with content", "AD", "Sponsored", "Article continues below",
    "Story continues below", "Ad", "Advertisement Hide Ad", "- Advertisement -",
    "Continue Reading", "Also Watch", "Media playback is unsupported on your device",
    "Related Video", "Up Next", "Skip Ad", "Loading...",
)  # fmt: skip
LINK_LEADS = (
    "READ MORE:", "Read more:", "Related:", "ALSO READ |", "Also Read:", "SEE ALSO:",
    "RELATED:", "MORE:", "Also read", "Read also:", "Related Story:", "READ:", "Don't miss:",
    "RECOMMENDED:", "Read More",
)  # fmt: skip


def in_body(rng: random.Random, story: Story, site: Site, paragraphs: tuple[str, ...]) -> Lines:
    """One piece of chrome between two paragraphs of the article."""
    kind = rng.choices(
        ("ad", "link", "links", "newsletter", "tweet", "quote", "photo", "video"),
        (30, 25, 8, 10, 8, 7, 8, 4),
    )[0]
    if kind == "ad":
        return [rng.choice(ADVERTS)]
    if kind in ("link", "links"):
        pairs = teasers(rng, story, site, 1 if kind == "link" else rng.randint(2, 4))
        if kind == "link":
            return [f"{rng.choice(LINK_LEADS)} {t}" for t, _ in pairs]
        head = rng.choice(("RELATED STORIES", "Related", "Read more", "More on this story"))
        return [head, *[t for t, _ in pairs]]
    if kind == "newsletter":
        s = rng.choice(("Politics", "Business", "Morning", "Tech", "Local", "Daily"))
        blurbs = _pick(rng, NEWSLETTER_BLURBS, 1, 4)
        return [b.format(s=s, site=site.name) for b in blurbs]
    if kind == "tweet":
        sentence = rng.choice(paragraphs).split(". ")[0][:200]
        who = _name(rng)
        handle = re.sub(r"\W", "", who)[: rng.randint(5, 12)]
        day = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2024)}"
        code = "".join(rng.choice("abcdefghijkmnopqrstuvwxyzABCDEFGH0123456789") for _ in range(10))
        tail = f" pic.twitter.com/{code}" if rng.random() < 0.4 else ""
        return [f"{sentence}{tail}", f"— {who} (@{handle}) {day}"]
    if kind == "quote":
        quote = rng.choice(paragraphs).split(". ")[0].rstrip(".")
        if len(quote) > 160:
            quote = quote[:160].rsplit(" ", 1)[0] + "..."
        return [f"“{quote}”"] if rng.random() < 0.6 else [f'"{quote}"', f"— {_name(rng)}"]
    if kind == "video":
        return rng.choice(
            (
                [
                    "Media playback is unsupported on your device",
                    f"Media caption {_caption(story)}",
                ],
                [
                    "Now Playing",
                    teasers(rng, story, site, 1)[0][0],
                    f"0{rng.randint(1, 5)}:{rng.randint(10, 59)}",
                ],
                ["Watch: " + teasers(rng, story, site, 1)[0][0]],
            )
        )
    return caption_lines(rng, _caption(story))


def _caption(story: Story) -> str:
    longest = max(story.paragraphs, key=len)
    return " ".join(longest.split(". ")[0].rstrip(".").split()[:24]) + "."


# ---- below the article

TAG_HEADS = ("Related Tags:", "Tags:", "Topics", "Filed under:", "TOPICS:", "Tags", "More on:")
COMMENT_HEADS = (
    "Post Comment (+)", "Comments", "Show comments", "Join the conversation", "Leave a comment",
    "{n} Comments", "Comments ({n})", "View {n} comments", "Conversation", "Discussion",
    "Commenting is closed", "Log in to comment", "Add a comment", "Reader comments",
)  # fmt: skip
BEATS = (
    "city hall", "state politics", "public health", "the courts", "education",
    "energy and climate", "technology and privacy", "the White House", "local business",
    "transportation", "immigration", "crime and public safety", "higher education",
    "the economy", "elections", "consumer tech", "the environment", "sports business",
)  # fmt: skip
NEWSLETTER_PROSE = (
    "Get the best of our journalism delivered to your inbox every weekday morning. Sign up now.",
    "Want more stories like this? Sign up for our free daily newsletter.",
    "The Morning Briefing: the news you need to start your day, every weekday.",
    "Stay informed. Get the latest headlines sent straight to your inbox.",
    "Support local journalism. Subscribe today for unlimited access.",
    "Our journalism depends on readers like you. Please consider a subscription.",
    "Be the first to know. Get breaking news alerts on your phone with our free app.",
    "Like this story? Share it with a friend.",
    "We'd love to hear from you. Send your news tips to our newsroom.",
    "Catch all the latest news and updates on our live blog.",
    "Get latest news and updates on our website and follow us on Google News.",
    "Did you find this story useful? Your support helps keep our reporting free for all.",
    "Download the app for the latest news, sports and weather.",
    "This story has been published from a wire agency feed without modifications to the text.",
    "Unlock unlimited access to award-winning journalism for less than $1 a week.",
    "Never miss a story: follow us on Facebook, Twitter and Instagram.",
)
BLOCK_HEADS = (
    "More from {site}", "Most Popular", "Recommended", "Trending Now", "Most Read",
    "Editor's Picks", "Top Stories", "You May Also Like", "Around the web", "Related Stories",
    "Latest News", "MORE STORIES", "Don't Miss", "Popular on {site}", "Recommended for you",
    "In Other News", "Also on {site}", "Latest in {sec}", "More in {sec}", "Read Next",
    "What to Read Next", "Top News", "TRENDING", "From the web", "Related Coverage",
)  # fmt: skip
SPONSORED_HEADS = (
    "Promoted by Taboola", "Sponsored Content", "Sponsored Links", "Paid Content",
    "Recommended by Outbrain", "Sponsored Stories", "PAID POST",
)  # fmt: skip
CLICKBAIT = (
    "Doctors Stunned: This Simple Trick Melts Belly Fat Overnight",
    "{city} Residents Are Switching To This Cheaper Car Insurance",
    "The Most Beautiful Homes In {city} Right Now",
    "This Is What {n} Years Of Smoking Does To Your Lungs",
    "Seniors In {city} Could Get A Big Surprise This Month",
    "Here's Why Everyone Is Buying These Wireless Earbuds",
    "She Was A Star In The 90s. Try Not To Gasp When You See Her Now",
    "The Genius Way To Pay Off Your Mortgage Early",
    "Remember Her? Take A Deep Breath Before You See Her Now",
    "{n} Foods That Fight Inflammation",
    "New Rule Lets Homeowners In {city} Get Solar Panels For $0",
    "The Unsold Laptops Are Being Sold For Almost Nothing",
)
BRANDS = ("SmartLifeDaily", "FinanceBuzz", "HealthyGuru", "Bon Voyaged", "LendingTree", "Newsmax")
COMMENT_SENTENCES = (
    "This is exactly what I've been saying for years.",
    "Shameful.",
    "Who is going to pay for all of this?",
    "Great article, thanks for sharing.",
    "I don't buy it for a second.",
    "My family has lived here for forty years and we have never seen anything like it.",
    "Typical. Nothing will change until people vote them out.",
    "Does anyone actually read the whole story before commenting?",
    "The real question is why nobody asked this sooner.",
    "Thanks for the balanced reporting.",
    "Follow the money and you will find the answer.",
    "Sad to see this happening again.",
    "I work in this industry and this is only half the story.",
    "Well said!",
    "Can someone explain what this means for ordinary people?",
    "Another day, another headline like this.",
    "They should have done this years ago.",
    "Absolutely disgraceful behaviour.",
    "I hope the authorities look into this properly.",
    "Interesting, but the numbers don't add up.",
    "This comment has been removed by a moderator.",
    "Finally some good news.",
    "Keep up the good work.",
    "Not surprised at all.",
)
HANDLES = (
    "TruthSeeker", "Anonymous", "jdoe1984", "citizen_k", "OldTimer", "GoBlue77", "realist",
    "mumbaikar", "Sam_the_man", "Concerned Parent", "localguy", "KarenB", "rk_sharma",
    "NorthernSoul", "deplorable_dan", "Patriot76", "techie_priya", "Guest", "ex-banker",
)  # fmt: skip
FOOTER_LINKS = (
    "About Us", "Contact Us", "Careers", "Advertise", "Privacy Policy", "Cookie Policy",
    "Terms of Service", "Terms & Conditions", "Do Not Sell My Info",
    "Do Not Sell or Share My Personal Information", "Accessibility", "Sitemap", "RSS",
    "Help", "FAQ", "Corrections", "Ethics Policy", "Code of Conduct", "Archives",
    "Subscriber Services", "Manage Subscription", "Buy Photos", "Reprints & Permissions",
    "Obituaries", "Classifieds", "Place an Ad", "Legal Notices", "Jobs", "Site Map",
    "Newsletter", "Contests", "Feedback", "Complaints", "Grievance Redressal", "Authors",
    "Press Releases", "Media Kit", "Partners", "Our Team", "Masthead", "Editorial Standards",
    "Your California Privacy Rights", "Cookie Settings", "Ad Choices", "Terms of Use",
    "Contact the Newsroom", "Send a Tip", "Newsroom Staff", "Public Inspection File",
    "EEO Report", "FCC Applications", "Closed Captioning", "Investor Relations", "Licensing",
    "Syndication", "Community Guidelines", "Report a Bug", "Work With Us", "Store",
)  # fmt: skip
SOCIAL = (
    "Follow Us", "Facebook Twitter LinkedIn", "Follow us on Instagram", "Connect with us",
    "Facebook", "Twitter", "Instagram", "YouTube", "LinkedIn", "Pinterest", "TikTok",
    "Find us on Facebook", "Follow us", "Like us on Facebook", "Subscribe on YouTube",
    "Stay Connected",
)  # fmt: skip
APP_LINES = (
    "Download on the App Store", "Get it on Google Play", "Download our app",
    "Get the {site} app", "Available on iOS and Android", "Download the {site} News App",
)  # fmt: skip
COMPANIES = (
    "News Communications, Inc.", "Gannett Co., Inc.", "Hearst Newspapers", "Lee Enterprises",
    "McClatchy", "Tribune Publishing", "Guardian News & Media Limited",
    "HT Media Limited", "Bennett, Coleman & Co. Ltd.", "Nexstar Media Inc.",
    "Advance Local Media LLC", "Vox Media, LLC", "Reach plc", "Newsquest Media Group Ltd",
)  # fmt: skip
LEGAL = (
    "All Rights Reserved.",
    "All rights reserved. This material may not be published, broadcast, rewritten, or"
    " redistributed.",
    "Use of this site constitutes acceptance of our User Agreement and Privacy Policy and"
    " Cookie Statement and Your California Privacy Rights.",
    "The material on this site may not be reproduced, distributed, transmitted, cached or"
    " otherwise used, except with the prior written permission of {site}.",
    "Market data provided by Factset. Powered and implemented by FactSet Digital Solutions.",
    "Quotes delayed at least 15 minutes.",
    "Powered by WordPress | Theme by ThemeGrill",
    "Back to top",
    "Back to Top ↑",
)


def _comments(rng: random.Random, story: Story) -> Lines:
    n = rng.randint(2, 6)
    out = [rng.choice(COMMENT_HEADS).format(n=rng.randint(n, 480))]
    if rng.random() < 0.5:
        out.append(rng.choice(("Sort by: Newest", "Sort by Best", "Oldest first", "Top comments")))
    sentences = [p.split(". ")[0] for p in story.paragraphs if len(p) > 50]
    for _ in range(n):
        name = rng.choice(HANDLES) if rng.random() < 0.5 else _name(rng)
        out.append(name)
        out.append(_ago(rng) if rng.random() < 0.6 else date_line(rng))
        said = rng.sample(COMMENT_SENTENCES, rng.randint(1, 3))
        if sentences and rng.random() < 0.3:
            said.insert(0, f'"{rng.choice(sentences).rstrip(".")}." Really?')
        out += [" ".join(said)] if rng.random() < 0.7 else said
        out += _pick(rng, ("Reply", "Like", "Report", "Share", f"{rng.randint(1, 99)} Likes"), 1, 3)
        if rng.random() < 0.2:
            out.append(f"{rng.randint(1, 9)} replies")
    out.append(rng.choice(("Load more comments", "Show more", "View all comments", "Reply")))
    return out


def _bio(rng: random.Random, site: Site) -> Lines:
    name = _name(rng)
    pron = rng.choice(("her", "him", "them"))
    email = (
        f"{name.split()[0][0].lower()}{name.split()[1].lower().replace(chr(39), '')}@{site.domain}"
    )
    handle = "@" + re.sub(r"\W", "", name)[:12]
    bio = rng.choice(
        (
            f"{name} is a {rng.choice(ROLES).lower()} covering {rng.choice(BEATS)} for"
            f" {site.name}. Contact {pron} at {email}.",
            f"{name} covers {rng.choice(BEATS)}. Follow {pron} on Twitter {handle}.",
            f"{name} has reported on {rng.choice(BEATS)} for {rng.randint(3, 25)} years. Reach"
            f" {pron} at {email} or {rng.randint(200, 999)}-{rng.randint(200, 999)}-"
            f"{rng.randint(1000, 9999)}.",
            f"About the author: {name} joined {site.name} in {rng.randint(1995, 2019)}.",
        )
    )
    return rng.choice(([name, bio], [bio], ["About the Author", name, bio], [bio, "Follow"]))


def _teaser_block(rng: random.Random, story: Story, site: Site) -> Lines:
    sec = rng.choice(KICKER_WORDS)
    out = [rng.choice(BLOCK_HEADS).format(site=site.name, sec=sec)]
    shape = rng.choice(("alone", "snippet", "section", "numbered", "ago", "mixed"))
    for k, (title, snippet) in enumerate(teasers(rng, story, site, rng.randint(3, 8)), 1):
        s = shape if shape != "mixed" else rng.choice(("alone", "snippet", "section", "ago"))
        if s == "alone" or (s == "snippet" and not snippet):
            out.append(title)
        elif s == "snippet":
            out += [title, snippet]
        elif s == "section":
            out += [_menu(rng.choice(KICKER_WORDS), site), title, _ago(rng)]
        elif s == "numbered":
            out += [str(k), title] if rng.random() < 0.85 else [f"{k}. {title}"]
        else:
            out += [title, _ago(rng)] if rng.random() < 0.7 else [_ago(rng), title]
    return out


def _sponsored(rng: random.Random, site: Site) -> Lines:
    out = [rng.choice(SPONSORED_HEADS)]
    for line in rng.sample(CLICKBAIT, rng.randint(2, 5)):
        out.append(line.format(city=site.city, n=rng.randint(5, 30)))
        if rng.random() < 0.6:
            out.append(rng.choice(BRANDS) + rng.choice(("", " | Sponsored", "")))
    return out


def _footer(rng: random.Random, site: Site, size: int) -> Lines:
    fixed = random.Random(site.seed + 1)
    out: Lines = []
    if fixed.random() < 0.5:
        out.append(site.name)
    out += _pick(fixed, FOOTER_LINKS, 40, 40)[:size]
    if fixed.random() < 0.5:
        out += _pick(fixed, SOCIAL, 1, 5)
    if fixed.random() < 0.35:
        out += [x.format(site=site.name) for x in _pick(fixed, APP_LINES, 1, 2)]
    if fixed.random() < 0.5:
        n, street = fixed.randint(10, 2999), fixed.choice(STREETS)
        phone = f"{fixed.randint(200, 999)}-{fixed.randint(200, 999)}-{fixed.randint(1000, 9999)}"
        zips = f"{fixed.randint(10000, 99999)}"
        out += fixed.choice(
            (
                [f"{n} {street} Suite {fixed.randint(100, 990)} {site.city} {zips} | {phone} tel"],
                [f"{n} {street}", f"{site.city}, {site.region} {zips}", phone],
                [f"{site.name}, {n} {street}, {site.city}"],
            )
        )
    year = fixed.randint(2015, 2024)
    company = fixed.choice(COMPANIES)
    out.append(
        fixed.choice(
            (
                f"© {fixed.randint(1990, 2005)}-{year} {company} All Rights Reserved",
                f"Copyright © {year} {site.name}. All rights reserved.",
                f"© {year} {company}",
                f"© Copyright {site.name} {year}",
                f"Copyright {year} {company}",
            )
        )
    )
    out += [x.format(site=site.name) for x in _pick(fixed, LEGAL, 0, 2)]
    return out


def after_article(
    rng: random.Random, story: Story, site: Site, footer_size: int
) -> list[tuple[Lines, bool]]:
    """The blocks below the last paragraph, in page order, each with whether the page
    must keep it: tags, comment link, bio, newsletter prose, teaser lists, sponsored
    links, comments, footer."""
    blocks: list[tuple[Lines, bool]] = []
    if rng.random() < 0.3:
        blocks.append((share_lines(rng), False))
    if rng.random() < 0.5:
        tags = _pick(rng, TOPICS + KICKER_WORDS, 2, 6)
        head = rng.choice(TAG_HEADS)
        shape = rng.choice(
            ([head, *tags], [head, "".join(tags)], [f"{head} {', '.join(tags)}"], tags)
        )
        blocks.append((shape, False))
    if rng.random() < 0.3:
        blocks.append(([rng.choice(COMMENT_HEADS).format(n=rng.randint(0, 480))], False))
    if rng.random() < 0.35:
        blocks.append((_bio(rng, site), False))
    if rng.random() < 0.4:
        blocks.append((_pick(rng, NEWSLETTER_PROSE, 1, 2), False))
    for k in range(rng.choice((1, 1, 2, 2, 3, 4))):
        blocks.append((_teaser_block(rng, story, site), k == 0 and footer_size > 8))
    if rng.random() < 0.3:
        blocks.append((_sponsored(rng, site), False))
    if rng.random() < 0.25:
        blocks.append((_comments(rng, story), False))
    if rng.random() < 0.3:
        blocks.append((_teaser_block(rng, story, site), False))
    blocks.append((_footer(rng, site, footer_size), True))
    return blocks


# ---- blogs

BLOG_HEADS = (
    "Member-only story", "Top highlight", "Listen", "Share", "More", "Follow", "Sign up",
    "Sign in", "Write", "Open in app", "Get unlimited access", "Search",
)  # fmt: skip


def blog_footer(rng: random.Random, story: Story, site: Site, author: str) -> list[Lines]:
    """Medium's or WordPress's foot of a post: claps, "Written by", "More from", the
    comment form, widgets, the theme credit."""
    blocks: list[Lines] = []
    if site.kind == "medium":
        blocks.append([str(rng.randint(1, 999)), str(rng.randint(0, 40))])
        blocks.append(_pick(rng, TOPICS + KICKER_WORDS, 2, 5))
        blocks.append(
            [
                f"Written by {author}",
                f"{rng.randint(12, 9000):,} Followers",
                rng.choice(("Writer", "Editor", "Product designer", "Journalist"))
                + " based in "
                + rng.choice((*IN_CITIES, *UK_CITIES)),
                "Follow",
            ]
        )
        for head in (f"More from {author}", "Recommended from Medium"):
            out = [head]
            for title, snippet in teasers(rng, story, site, rng.randint(2, 4)):
                out += [_name(rng), title]
                if snippet and rng.random() < 0.6:
                    out.append(snippet)
                out.append(f"{reading_time(rng)} · {_ago(rng)}")
            blocks.append(out)
        blocks.append(
            [
                rng.choice(
                    (
                        "Help Status About Careers Blog Privacy Terms Text to speech Teams",
                        "Help",
                        "Status",
                        "About",
                        "Careers",
                        "Privacy",
                        "Terms",
                    )
                )
            ]
        )
        return blocks
    blocks.append(
        [
            rng.choice(("Posted in", "Categories:", "Filed Under:"))
            + " "
            + rng.choice(("Uncategorized", "News", "Opinion", "Tech", "Life")),
            *(["Leave a comment"] if rng.random() < 0.5 else []),
        ]
    )
    blocks.append(
        [
            rng.choice(("Previous Post", "« Previous", "Prev")),
            teasers(rng, story, site, 1)[0][0],
            rng.choice(("Next Post", "Next »", "Next")),
            teasers(rng, story, site, 1)[0][0],
        ]
    )
    if rng.random() < 0.5:
        blocks.append(_comments(rng, story))
    blocks.append(
        [
            "Leave a Reply Cancel reply",
            "Your email address will not be published. Required fields are marked *",
            "Comment",
            "Name *",
            "Email *",
            "Website",
            "Save my name, email, and website in this browser for the next time I comment.",
            "Post Comment",
        ][: rng.randint(2, 8)]
    )
    widgets = ["Recent Posts", *[t for t, _ in teasers(rng, story, site, rng.randint(3, 5))]]
    widgets += ["Archives", *[f"{m} 2019" for m in rng.sample(MONTHS, rng.randint(2, 6))]]
    widgets += ["Categories", *_pick(rng, KICKER_WORDS, 2, 6)]
    if rng.random() < 0.5:
        widgets += ["Meta", "Log in", "Entries feed", "Comments feed", "WordPress.org"]
    blocks.append(widgets)
    blocks.append(
        [
            rng.choice((f"© 2019 {site.name}", f"Copyright © {site.name}")),
            rng.choice(
                (
                    "Proudly powered by WordPress",
                    "Powered by WordPress | Theme: Astra",
                    "Theme by Kadence WP",
                    "Built with GeneratePress",
                )
            ),
        ]
    )
    return blocks


BLOG_WORDS = (
    "Notes", "Musings", "Field Notes", "Dispatches", "Letters", "Journal", "Thoughts",
    "Stories", "Insights", "Digest", "Weekly", "Chronicles",
)  # fmt: skip


def make_blog(rng: random.Random) -> Site:
    """A Medium publication or a WordPress blog."""
    base = make_site(rng)
    kind = "medium" if rng.random() < 0.5 else "wordpress"
    owner = rng.choice(LAST)
    name = rng.choice(
        (
            f"{owner}'s {rng.choice(BLOG_WORDS)}",
            f"The {rng.choice(WORDS)} {rng.choice(BLOG_WORDS)}",
            f"{rng.choice(TECH_HEADS)} {rng.choice(BLOG_WORDS)}",
            f"{rng.choice(FIRST).lower()}{rng.choice(LAST).lower()}.blog",
        )
    )
    case = rng.choice(("title", "sentence", "asis"))
    return Site(name, base.domain, kind, case, "title", base.city, base.region, base.seed)
