"""Word tables the question parser reads with: units, licensing terms, markers, generic words.

Everything here is data. `understanding.py` turns a turn into items with these
tables; keeping them apart keeps the parsing code short and the vocabulary easy
to review. Words are lower-case and already through `ABBREVIATIONS`.
"""

from __future__ import annotations

from assistant.models.terms import CalType, Channel, Edition, Mode

# --- forum spellings, folded to one word before anything else -------------------------

ABBREVIATIONS: dict[str, str] = {
    "srv": "server",
    "srvs": "servers",
    "svr": "server",
    "svrs": "servers",
    "srvr": "server",
    "srvrs": "servers",
    "serv": "server",
    "servs": "servers",
    "ppl": "people",
    "peeps": "people",
    "usr": "user",
    "usrs": "users",
    "lic": "licence",
    "lics": "licences",
    "lisc": "licence",
    "liscs": "licences",
    "emps": "employees",
    "emp": "employee",
    "wkstn": "workstation",
    "wkstns": "workstations",
    "wks": "workstations",
    "comps": "computers",
    "conn": "connection",
    "conns": "connections",
    "std": "standard",
    "stnd": "standard",
    "ent": "enterprise",
    "entp": "enterprise",
    "entr": "enterprise",
    "vl": "volume",
    "vlk": "volume",
    "ucal": "ucal",
    "dcal": "dcal",
    "ucals": "ucal",
    "dcals": "dcal",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "tx": "thanks",
    "ty": "thanks",
    "u": "you",
    "ur": "your",
    "im": "i",
    "ive": "i",
    "dont": "do",
    "doesnt": "does",
    "didnt": "did",
    "cant": "can",
    "wont": "will",
    "isnt": "isn",
    "arent": "aren",
    "wasnt": "wasn",
    "werent": "weren",
    "fourty": "forty",
    "ninty": "ninety",
    "tweleve": "twelve",
    "qty": "quantity",
    "approx": "about",
    "abt": "about",
    "bc": "because",
    "b4": "before",
    "msft": "microsoft",
    "m$": "microsoft",
    "pk": "pack",
    "pkg": "pack",
}

# --- units: the nouns a number counts ------------------------------------------------

# People by role: "three dentists", "the receptionist", "24 nurses and carers". A count of any
# of them is a count of users; a job title never makes a question about something else.
_PERSON_STEMS = """accountant actuary admin-assistant adviser advisor agent analyst apprentice architect
    artist assistant associate attorney auditor baker banker barista barrister bookkeeper brewer brewmaster
    broker builder buyer carer caregiver caretaker carpenter cashier chef chemist cleaner clerk clinician
    coach colleague consultant contractor cook coordinator counsellor counselor coworker co-worker designer
    developer dentist director dispatcher doctor draftsman driver economist editor electrician employee
    engineer estimator executive farmer farmhand fitter foreman forewoman freelancer gardener girl guard
    guy hire hygienist inspector instructor intern joiner journalist labourer laborer lad lady lawyer
    lecturer leaver librarian lifeguard machinist manager mechanic medic member midwife nanny negotiator
    newcomer nurse officer operator optician optometrist orthodontist owner packer painter paralegal
    paramedic partner pharmacist physician physio physiotherapist picker planner plumber porter principal
    programmer radiographer realtor receptionist recruit rep representative researcher salesman saleswoman
    salesperson scientist secretary starter student supervisor surgeon surveyor tailor teacher technician
    temp therapist trader trainee tutor typist underwriter vet veterinarian volunteer waiter waitress welder
    worker writer solicitor notary gp professor courier storeman teller merchandiser photographer musician trainer
    archivist scheduler adjuster biologist sonographer psychologist caseworker advocate bloke chap fellow timer
    attendant steward assessor controller handler warehouseman fundraiser campaigner dev tester earner""".split()
_PERSON_PLURALS = {w + "s" for w in _PERSON_STEMS} | {
    "ladies",
    "salesmen",
    "saleswomen",
    "salespeople",
    "foremen",
    "forewomen",
    "draftsmen",
    "staffers",
    "secretaries",
    "men",
    "women",
    "folks",
    "folk",
    "guys",
    "lads",
    "girls",
    "boys",
    "nannies",
    "colleagues",
    "teammates",
    "coworkers",
    "co-workers",
    "employees",
    "hires",
    "personnel",
}
# Role words that stand for people joining, leaving or standing in ("2 new starters", "3 leavers",
# "6 summer temps"): read as changes to the users, and left as words for the intent patterns.
JOINER_WORDS = frozenset(
    """starter starters joiner joiners hire hires newcomer newcomers recruit recruits temp temps trainee trainees
    replacement replacements""".split()
)
LEAVER_WORDS = frozenset("leaver leavers".split())
PERSON_WORDS = (frozenset(_PERSON_STEMS) | frozenset(_PERSON_PLURALS)) - JOINER_WORDS - LEAVER_WORDS

SERVER, COPY, CAL, USER, DEVICE, CONN, ADMIN = "server", "copy", "cal", "user", "device", "conn", "admin"
UNITS = (SERVER, COPY, CAL, USER, DEVICE, CONN, ADMIN)

UNIT_WORDS: dict[str, str] = {}
for _unit, _words in {
    SERVER: """server servers host hosts poweredge poweredges proliant proliants thinkserver thinkservers primergy
        primergys""",
    COPY: "copy copies licence licences license licenses box boxes",
    CAL: "cal cals",
    USER: """user users people person persons staff staffers employee employees worker workers colleague
        colleagues seat seats member members student students pupils teachers contractors
        consultants volunteers agents operators clerks interns headcount strong"""
    + " "
    + " ".join(sorted(PERSON_WORDS)),
    DEVICE: """optiplex optiplexes thinkpad thinkpads thinkcentre thinkcentres latitude latitudes elitebook elitebooks
        probook probooks macbook macbooks imac imacs chromebook chromebooks vostro vostros prodesk prodesks
        device devices pc pcs computer computers workstation workstations laptop laptops desktop desktops
        notebook notebooks machine machines terminal terminals tablet tablets kiosk kiosks phone phones smartphone
        smartphones till tills scanner scanners toughbook toughbooks""",
    CONN: "connection connections session sessions login logins logon logons",
    ADMIN: "administrator administrators admin admins sysadmin sysadmins",
}.items():
    for _w in _words.split():
        UNIT_WORDS[_w] = _unit

# Several words naming one unit (matched before single words; longest first).
UNIT_PHRASES: dict[tuple[str, ...], str] = {}
for _unit, _phrases in {
    CAL: """client access licence|client access licences|client access license|client access licenses|
        client licence|client licences|client license|client licenses|access licence|access licences|
        access license|access licenses|cal licence|cal licences|cal license|cal licenses""",
    DEVICE: """thin client|thin clients|client pc|client pcs|client computer|client computers|client machine|
        client machines|client device|client devices|client workstation|client workstations""",
    COPY: """server licence|server licences|server license|server licenses|server copy|server copies""",
    USER: """staff member|staff members|members of staff|end user|end users|user account|user accounts|
        named user|named users""",
    ADMIN: "it admin|it admins|domain admin|domain admins",
}.items():
    for _p in _phrases.replace("\n", " ").split("|"):
        UNIT_PHRASES[tuple(_p.split())] = _unit

# "5 user licences" are CALs of a type; these words before a CAL unit set its type.
CAL_TYPE_WORDS: dict[str, CalType] = {"user": CalType.user, "users": CalType.user, "device": CalType.device}
CAL_TYPE_WORDS["devices"] = CalType.device
# CAL units that carry their type ("UCALs").
TYPED_CAL_WORDS: dict[str, CalType] = {"ucal": CalType.user, "dcal": CalType.device}
# "user licences" / "device licences" mean CALs.
TYPED_LICENCE_WORDS = frozenset({"licence", "licences", "license", "licenses"})

# --- licensing terms ---------------------------------------------------------------

EDITION_WORDS: dict[str, Edition] = {"standard": Edition.standard, "enterprise": Edition.enterprise}

CHANNEL_PHRASES: dict[tuple[str, ...], Channel] = {}
for _channel, _phrases in {
    Channel.oem: """oem|o e m|system builder|preinstalled|pre installed|preloaded|pre loaded|factory installed|
        came on the hardware|came with the hardware""",
    Channel.fpp: """retail|fpp|boxed|full packaged product|full packaged products|fully packaged product|
        full package product|full packaged|off the shelf|shrink wrapped|shrinkwrapped""",
    Channel.volume: """volume|volume licensing|volume licence|volume licences|volume license|volume licenses|
        volume licencing|volume licensed|volume licenced|open licence|open licences|open license|open licenses|
        open licensing|open licencing|open value|open business|open agreement|open program|open programme|
        open volume|select agreement|select licence|select license|select licensing|select plus|select program|
        select programme|enterprise agreement|enterprise agreements|enterprise enrollment|enterprise enrolment|
        enterprise subscription|mpsa|campus agreement|school agreement|microsoft products and services agreement|
        molp|mol|microsoft open license|microsoft open licence|open license program|open licence programme|
        open value subscription|ovs|vlsc|volume licensing service center""",
}.items():
    for _p in _phrases.replace("\n", " ").split("|"):
        CHANNEL_PHRASES[tuple(_p.split())] = _channel
# Single words that name a volume programme only in context ("under Open", "a Select agreement").
CONTEXT_CHANNEL_WORDS = frozenset({"open", "select"})
CHANNEL_CONTEXT_BEFORE = frozenset({"under", "via", "through", "thru", "bought", "purchased", "on"})

MODE_PHRASES: dict[tuple[str, ...], Mode] = {}
for _mode, _phrases in {
    Mode.per_user_device: """per user|per users|per device|per devices|per seat|per seats|peruser|perdevice|perseat|
        per user or device|per user or per device|per device or user|per device or per user|per user device|
        per user and device|per user and per device|user or device mode|user device mode|per user or device mode""",
    Mode.per_server: "per server|perserver|per servers",
}.items():
    for _p in _phrases.replace("\n", " ").split("|"):
        MODE_PHRASES[tuple(_p.split())] = _mode
# Words after "per server" that make it the licensing mode rather than "5 CALs per server".
MODE_FOLLOWERS = frozenset(
    "mode modes licensing licencing licensed licenced licence license licences licenses basis model scheme option "
    "setting instead".split()
)

# Windows Server releases: a bare year from this table is a product version ("what about 2019?").
RELEASES = frozenset({"2000", "2003", "2008", "2012", "2016", "2019", "2022", "2025"})
# Versions the person may name as the thread's own products (R2 releases fold into them).
BASE_VERSIONS = frozenset({"2003", "2008"})
VERSION_CONTEXT = frozenset({"server", "windows", "win", "sbs", "ws", "release", "version"})

# Words that name the product in general (never a unit, never leftover).
PRODUCT_WORDS = frozenset(
    """windows win microsoft ms server servers cal cals licence licences license licenses licensing licencing
    licensed licenced client access edition editions version versions os operating system software product products
    mode modes agreement agreements program programme channel channels sku skus key keys r2 type types kind kinds
    model scheme basis ucal dcal""".split()
)

# Ordinals: "a third server", "the 4th box".
ORDINALS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1
    )
}
ORDINALS.update({f"{i}{suffix}": i for i in range(1, 21) for suffix in ("st", "nd", "rd", "th")})

# --- markers around numbers ----------------------------------------------------------

# "5 CALs each", "5 apiece", "5 per copy": a count per copy.
EACH_PHRASES = frozenset(
    {
        ("each",),
        ("apiece",),
        ("every",),
        ("a", "piece"),
        ("a", "pop"),
        ("each", "one"),
        ("per", "copy"),
        ("per", "box"),
        ("per", "licence"),
        ("per", "license"),
        ("per", "unit"),
        ("per", "package"),
        ("per", "purchase"),
        ("per", "instance"),
        ("per", "sku"),
        ("per", "one"),
        ("per", "piece"),
        ("per", "server", "licence"),
        ("per", "server", "license"),
    }
)
# "plus 10 more CALs", "20 extra CALs", "10 CALs bought separately": CALs bought on their own.
EXTRA_PHRASES = frozenset(
    {
        ("more",),
        ("extra",),
        ("additional",),
        ("another",),
        ("plus",),
        ("separately",),
        ("separate",),
        ("standalone",),
        ("stand", "alone"),
        ("on", "top"),
        ("in", "addition"),
        ("add", "on"),
        ("addon",),
        ("addons",),
        ("additionally",),
        ("on", "their", "own"),
    }
)
PACK_WORDS = frozenset({"pack", "packs", "packet", "packets"})
TIMES_PHRASES = frozenset({("x",), ("*",), ("times",), ("multiplied", "by")})
CONCURRENT_PHRASES = frozenset(
    {
        ("concurrent",),
        ("concurrently",),
        ("simultaneous",),
        ("simultaneously",),
        ("at", "once"),
        ("at", "a", "time"),
        ("at", "the", "same", "time"),
        ("in", "parallel"),
        ("parallel",),
        ("same", "time"),
    }
)
NEGATION_PHRASES = frozenset(
    {
        ("not",),
        ("non",),
        ("never",),
        ("isn", "t"),
        ("aren", "t"),
        ("wasn", "t"),
        ("weren", "t"),
        ("isn",),
        ("aren",),
        ("wasn",),
        ("weren",),
        ("instead", "of"),
        ("rather", "than"),
        ("other", "than"),
        ("no", "longer"),
    }
)
# Words a number may skip on its way to its unit ("3 OEM copies", "10 of our staff").
QUANTITY_SKIP = frozenset(
    """more extra additional new named physical separate existing current different shared individual licensed
    full other active real actual total windows of our my the their your these those server actual regular
    standalone client win microsoft ms x86 x64 bit file print web mail office domain database backup application
    app production test virtual dedicated remaining nos units unit qty part""".split()
)
# Words between "each" and the CAL count it governs ("each copy comes with 5 CALs").
EACH_BRIDGE = frozenset(
    """with came come comes coming including includes include included has have had having containing contains
    contained of them which one that gets got get provides provided bundled ships shipped gives gave giving
    w is was are were it they these those w also only just says say said states stated lists listed shows showed
    mentions mentioned inside""".split()
)
# Verbs that make "copies ... come with 5 CALs" a count per copy.
INCLUDE_VERBS = frozenset(
    """came come comes coming include includes included including ship ships shipped bundled supplied contain
    contains contained provides provided gives gave""".split()
)
# Words after a CAL count that make it a total ("10 CALs in total").
TOTAL_WORDS = frozenset("total altogether overall combined all".split())
# Words between a CAL count and a following "each" ("5 CALs included with each copy").
AFTER_CAL_BRIDGE = frozenset("included bundled with in for on to of the came come comes that are were is".split())

# --- numbers in words -----------------------------------------------------------------

SMALL_NUMBERS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
        seventeen eighteen nineteen""".split()
    )
}
TENS: dict[str, int] = {
    w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
SCALES: dict[str, int] = {
    "hundred": 100,
    "thousand": 1000,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "quadrillion": 10**15,
    "gazillion": 10**18,
    "zillion": 10**18,
    "bajillion": 10**18,
}
# Word numbers that must follow "a"/"an" to count ("a dozen"), with their value.
A_NUMBERS: dict[str, int] = {"dozen": 12, "couple": 2, "pair": 2, "single": 1, "hundred": 100, "thousand": 1000}
A_NUMBERS["million"] = 10**6
A_NUMBERS["billion"] = 10**9
A_NUMBERS["trillion"] = 10**12
# Words before "one" that make it a pronoun, not a count ("each one", "no one").
NOT_COUNT_BEFORE_ONE = frozenset("per each every any no some which this that the a an".split())
NUMBER_WORDS = frozenset(SMALL_NUMBERS) | frozenset(TENS) | frozenset(SCALES) | {"dozen", "couple", "pair", "single"}

# --- words that carry no subject of their own ----------------------------------------

# Generic English: question and dialogue words, everyday verbs and nouns. Deliberately not
# licensing topics — a word left out of here reaches `leftover`, where the dialogue checks
# it against the corpus.
GENERIC_WORDS = frozenset(
    """need needs needed needing require requires required requiring requirement requirements necessary buy buys
    bought buying purchase purchased purchases purchasing order ordered ordering get gets got gotten getting have has
    had having use uses used using usage many much can could want wants wanted wanting tell told know knew known
    access accessed accessing accesses connect connects connected connecting reach reached reaching total totals
    would should will may might must shall please thanks thank thankyou hi hello hey ok okay yes yeah yep no nope
    sure right correct correctly exactly like example eg ie etc question questions answer answers ask asking asked
    mean means meant say says said saying think thought guess assume assuming assumed suppose supposing understand
    understood figure figured work works worked working count counts counted counting number numbers amount
    quantity cover covers covered covering enough give gives gave given let lets allow allows allowed allowing able
    permit permits permitted go goes going went come comes came coming take takes took taking make makes made
    making put keep keeps kept see look looking check checking help also still just really actually basically
    currently now today already yet ever even again then than whole overall altogether every all both either
    neither several multiple various few lot lots plenty some any none other another same different new old
    existing current spare own single double first second third last next only one ones company business office
    organisation organization firm team site department school shop network domain environment setup set scenario
    situation case way thing things time times day days week weeks month months year years everyone everybody
    someone somebody anyone anybody nobody option options choice choices rule rules info information detail details
    point issue idea bit fine run running runs install installed installing deploy deployed share shares shared
    sharing split splitting spread divide divided over across between among login log logon logged sign signed
    wondering wonder curious advice quick quickly simple simply great cool guys folks mate hmm um
    uh oh ah well anyway btw fyi afaik iirc imo tia cheers regards sorry oops wait later afterwards soon since ago
    before after once here there guy boss manager file files print printing printer folder folders email mail
    internal local main whether sure possible possibly probably maybe perhaps able true false okay yo dear friend
    happen happens happened happening fact facts thing stuff end ends include come said meaning means mentioned
    mention exact exactly plus minus equal equals equal percent about around approximately roughly up down out
    off into onto upon within without via per instead rather lets let best good bad better worse legal legally
    properly proper compliant compliance allowed fully licensed covered applies apply applied valid each total
    day calculate calculation compute computed math maths count much whatever anything something everything
    nothing thing place located location based scenario exist exists existing stand stands abbreviation acronym limit limits limited forum forums website site article blog post posts thread read heard reading part full half small large big medium little confused confusing unsure clarify clarification regarding concerning effect max maximum minimum min us support supports supported serve customer customers called call named named name
    currently own owning owned owns hold holds holding held""".split()
)

# Words that make a sentence a question when they open a clause (or appear anywhere, for wh-words).
WH_WORDS = frozenset("how what which who whom whose why when where whether".split())
AUX_WORDS = frozenset(
    "can could do does did is are was were will would should shall may might must am has have had".split()
)

# Real English words that look like misspelt unit words; never "corrected".
FUZZY_GUARD = frozenset(
    """serves served serve serving service services servicing uses used useful copied copier copiers stuff devise
    devised devises computing computed compute severed severe several peoples persona personal
    sessional seating seated personnel licensee licensees licensor adding added address station stations
    users' useless user's""".split()
)
# Words a misspelling may be corrected to (by difflib, cutoff `FUZZY_CUTOFF`).
FUZZY_TARGETS = """server servers copy copies licence licences license licenses users user people employee employees staff
    device devices computer computers workstation workstations laptop laptops desktop desktops connection
    connections concurrent simultaneous administrator administrators admins enterprise standard retail volume
    licensing licencing included include reassign reassignment transfer permanent permanently separately together
    agreement simultaneously concurrently explain compare cheaper fewer dozen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen
    nineteen""".split()
FUZZY_CUTOFF = 0.8
FUZZY_MIN_LENGTH = 4

# Words the intent patterns in `understanding.py` turn on: recognised, so never leftover.
CUE_WORDS = frozenset(
    """included includes including include bundled ship ships shipped provided supplied contain contains contained
    receive received altogether overall combined combine combines combining pool pools pooled pooling stack stacks
    stacked stacking cumulative cumulate accumulate aggregate aggregated aggregating merge merged merging together
    sum summed separately individually matter matters purchases orders invoices batches sources vendors reassign
    reassigned reassigning reassignment reassignments reassignable transfer transferred transferring transferable
    transfers loan loaner loaners loaned depart departed departing departs departure hire hires hired starter
    starters joiner joiners recruit recruits leaves leaving left quit quits quitting fired retired retires resigned
    resigns gone temporary temporarily temp temps service broken dead failed replacement replaced replacing replace
    move moved moving reuse reused hand handed pass passed swap swapped shift shifted reallocate reallocated assign
    assigned switch switched switches switching tied bound change changes changed changing convert converted
    converting conversion revert reverted reverting migrate migrated flip back permanent permanently irreversible
    irrevocable undo undone locked lock stuck forever reversible final binding pick picked picking choose chose
    chosen choosing select selected opt opted decide decided decision commit committed mix mixing mixed
    administration administrative console reserve reserved reserving exempt exemption why explain explanation
    reasoning derivation derive derived justify calculated compute proof reset restart start afresh anew scratch
    clear forget begin conversation topic compare comparison compared versus vs difference differences fewer less
    cheaper cheapest cheap economical lower lowest smaller smallest least prefer preferable recommend recommended
    add adds adding up repair repaired repairs maternity paternity parental sick leave vacation holiday wins short shortfall shortage enough missing remaining top further else dedicated unlimited value sense""".split()
)
# Words after a "why" cue that only point back at the last answer ("why is that?", "why 15?").
ECHO_WORDS = frozenset(
    """that this it is was so not the a an answer number figure result results # _cal _user _device _server _copy
    _conn _admin per each only many few much more less exactly again please do did you say said get got come from
    there are be and then me of on in for calculate calculated mean to how why s that's those these numbers figures
    just really right sure work out working""".split()
)

# Things counted in a story that no licence counts ("three shifts", "2 sites", "48 rooms"): a number
# before one of them is placed, not a count the figure is missing.
SETTING_NOUNS = frozenset(
    """shift shifts floor floors storey storeys story stories site sites location locations office offices
    branch branches campus campuses room rooms shop shops store stores building buildings department departments
    day days week weeks month months year years hour hours minute minutes am pm times time o'clock clock
    class classes batch batches ward wards school schools town towns city cities country countries van vans
    truck trucks forklift forklifts bed beds table tables period periods lesson lessons session sessions""".split()
)
