"""Build the bundled Riverbend example (lcii_graph/examples/riverbend/*.csv).

Riverbend is fictional: a mid-sized river city in the fictional state of
Lakeland, with four partnership tables in the spirit of an Integration
Initiative site. The organizations and their structure are written out here
by hand; people, their titles and the tie pattern inside groups are filled in
from a seeded random generator so that re-running this script reproduces the
committed files exactly. The blemishes the example carries on purpose are
listed in riverbend/README.md.

Run: python tools/build_example.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lcii_graph" / "examples" / "riverbend"
rng = random.Random(2014)

# -- jurisdictions ---------------------------------------------------------------
JURISDICTIONS = [
    # id, name, level, parent, fips
    ("us", "United States", "federal", "", ""),
    ("lakeland", "State of Lakeland", "state", "us", "LK"),
    ("mercer-county", "Mercer County", "county", "lakeland", ""),
    ("hollis-county", "Hollis County", "county", "lakeland", ""),
    ("riverbend", "City of Riverbend", "city", "mercer-county", ""),
    ("eastport", "City of Eastport", "city", "hollis-county", ""),
    ("riverbend-metro", "Riverbend Metro Region", "regional", "lakeland", ""),
    ("rps-district", "Riverbend Public Schools district", "school_district", "mercer-county", ""),
    ("rrta-district", "Riverbend Regional Transit District", "special_district", "lakeland", ""),
    ("northside", "Northside", "neighborhood", "riverbend", ""),
    ("millrace", "Millrace", "neighborhood", "riverbend", ""),
    ("southbank", "Southbank", "neighborhood", "riverbend", ""),
]

# -- organizations ----------------------------------------------------------------
# id, name, sector (as a spreadsheet might say it), type, jurisdiction, fields, anchor,
# intermediary
G, B, P, N, C = "Government", "Private sector", "Foundation", "Nonprofit", "Community group"
ORGS = [
    # government: federal
    ("us-dol-region", "US Department of Labor, Region 5 Office", "Federal", "federal agency",
     "us", "workforce", "", ""),
    ("us-fta-region", "Federal Transit Administration, Region 5", G, "federal agency", "us",
     "transportation", "", ""),
    ("us-hud-field", "HUD Lakeland Field Office", "federal agency", "federal agency", "us",
     "housing", "", ""),
    # state
    ("lk-workforce", "Lakeland Department of Workforce Development", "State agency",
     "state agency", "lakeland", "workforce", "", ""),
    ("lk-health", "Lakeland Department of Health", "state agency", "state agency", "lakeland",
     "health", "", ""),
    ("lk-dot", "Lakeland Department of Transportation", G, "state agency", "lakeland",
     "transportation", "", ""),
    ("lk-hfa", "Lakeland Housing Finance Agency", "Public", "state agency", "lakeland",
     "housing", "", ""),
    # county
    ("mercer-exec", "Mercer County Executive's Office", "County", "county executive",
     "mercer-county", "economic_development", "", ""),
    ("mercer-wib", "Mercer County Workforce Board", "Gov't", "workforce board",
     "mercer-county", "workforce", "", ""),
    ("mercer-health", "Mercer County Health Department", "Government agency",
     "health department", "mercer-county", "health", "", ""),
    ("mercer-dss", "Mercer County Department of Social Services", G, "county agency",
     "mercer-county", "health; housing", "", ""),
    ("hollis-commission", "Hollis County Commission", G, "county government", "hollis-county",
     "economic_development", "", ""),
    # city and districts
    ("rb-mayor", "City of Riverbend, Office of the Mayor", "City agency", "mayor's office",
     "riverbend", "economic_development", "", ""),
    ("rb-planning", "Riverbend Department of Planning", "city agency", "city agency",
     "riverbend", "housing; transportation", "", ""),
    ("rb-econdev", "Riverbend Office of Economic Development", G, "city agency", "riverbend",
     "economic_development; workforce", "", ""),
    ("rb-housing-auth", "Riverbend Housing Authority", G, "housing authority", "riverbend",
     "housing", "", ""),
    ("eastport-city", "City of Eastport", G, "city government", "eastport",
     "economic_development", "", ""),
    ("rps", "Riverbend Public Schools", G, "school district", "rps-district", "education", "",
     ""),
    ("rrta", "Riverbend Regional Transit Authority", G, "transit authority", "rrta-district",
     "transportation", "", ""),
    ("metro-council", "Riverbend Metro Council of Governments", G, "council of governments",
     "riverbend-metro", "transportation; economic_development", "", ""),
    # business
    ("first-lakeland-bank", "First Lakeland Bank", "Bank", "bank", "riverbend",
     "economic_development; housing", "", ""),
    ("flb-cd", "First Lakeland Bank Community Development Corp.", "Private", "bank CDC",
     "riverbend", "housing", "", "yes"),
    ("rb-chamber", "Riverbend Regional Chamber", "Business", "business association",
     "riverbend", "economic_development; workforce", "", ""),
    ("mercer-mfg", "Mercer Manufacturing Alliance", "business", "industry association",
     "mercer-county", "workforce", "", ""),
    ("acme-precision", "Acme Precision Parts", "For-profit", "manufacturer", "riverbend",
     "workforce", "", ""),
    ("lakeshore-logistics", "Lakeshore Logistics", "company", "logistics", "eastport",
     "workforce; transportation", "", ""),
    ("northstar-software", "Northstar Software", "Corporate", "software", "riverbend",
     "workforce", "", ""),
    ("rb-utilities", "Riverbend Power & Light", "private sector", "utility", "riverbend",
     "economic_development", "", ""),
    ("harbor-construction", "Harbor Construction Co.", B, "construction", "riverbend",
     "housing; workforce", "", ""),
    ("keystone-retail", "Keystone Retail Group", B, "retail", "riverbend", "workforce", "",
     ""),
    ("bluewater-insurance", "Bluewater Mutual Insurance", B, "insurer", "riverbend", "health",
     "", ""),
    ("millrace-developers", "Millrace Station Developers LLC", B, "developer", "riverbend",
     "housing; transportation", "", ""),
    ("riverview-grocers", "Riverview Grocers", B, "grocery chain", "riverbend", "health", "",
     ""),
    ("tri-county-health-plan", "Tri-County Health Plan", B, "health insurer", "mercer-county",
     "health", "", ""),
    ("lakeland-steel", "Lakeland Steel Works", B, "manufacturer", "eastport", "workforce", "",
     ""),
    ("rb-hotel-group", "Riverbend Hospitality Group", B, "hospitality", "riverbend",
     "workforce", "", ""),
    # philanthropy
    ("rb-community-fdn", "Riverbend Community Foundation", "Foundation",
     "community foundation", "riverbend", "education; workforce; housing", "", ""),
    ("hollis-fdn", "Hollis Family Foundation", "Philanthropic", "family foundation",
     "eastport", "workforce; housing", "", ""),
    ("lakeland-health-fund", "Lakeland Health Fund", "Funder", "health conversion foundation",
     "lakeland", "health", "", ""),
    ("united-way-mercer", "United Way of Mercer County", "philanthropy", "united way",
     "mercer-county", "education; health", "", ""),
    ("flb-foundation", "First Lakeland Bank Foundation", P, "corporate foundation",
     "riverbend", "economic_development", "", ""),
    ("ward-fdn", "Ward Foundation for Children", P, "private foundation", "lakeland",
     "education", "", ""),
    ("national-transit-fund", "National Fund for Equitable Transit", P, "national foundation",
     "us", "transportation; housing", "", ""),
    ("millrace-giving-circle", "Millrace Giving Circle", P, "giving circle", "millrace",
     "education", "", ""),
    # nonprofit: anchors and intermediaries
    ("rb-health-system", "Riverbend Health System", "Non-profit", "hospital system",
     "riverbend", "health; workforce", "yes", ""),
    ("rb-university", "Riverbend University", "Nonprofit", "university", "riverbend",
     "education; workforce; health", "yes", ""),
    ("rb-community-capital", "Riverbend Community Capital", "Nonprofit", "CDFI", "riverbend",
     "housing; economic_development", "", "yes"),
    ("lakeland-loan-fund", "Lakeland Community Loan Fund", "501(c)(3)", "community loan fund",
     "lakeland", "housing", "", "yes"),
    ("mercer-cc", "Mercer Community College Foundation", "NGO", "college foundation",
     "mercer-county", "education; workforce", "", ""),
    # nonprofit: workforce
    ("jobs-ladder", "JobsLadder Riverbend", "CBO", "workforce nonprofit", "riverbend",
     "workforce", "", ""),
    ("pathways-to-work", "Pathways to Work", N, "workforce nonprofit", "riverbend",
     "workforce", "", ""),
    ("skillbridge", "SkillBridge Lakeland", N, "training provider", "lakeland", "workforce",
     "", ""),
    ("rb-youthbuild", "Riverbend YouthBuild", N, "youth workforce", "riverbend",
     "workforce; education", "", ""),
    ("womens-trades", "Women in the Trades Lakeland", N, "training provider", "lakeland",
     "workforce", "", ""),
    ("re-entry-works", "Re-Entry Works", N, "reentry services", "riverbend", "workforce", "",
     ""),
    # nonprofit: housing and transit
    ("rb-nhs", "Riverbend Neighborhood Housing Services", N, "housing developer",
     "riverbend", "housing", "", ""),
    ("millrace-cdc", "Millrace Community Development Corporation", N, "CDC", "millrace",
     "housing; economic_development", "", ""),
    ("transit-riders", "Riverbend Transit Riders Alliance", N, "advocacy", "riverbend",
     "transportation", "", ""),
    ("fair-housing-center", "Lakeland Fair Housing Center", N, "legal services", "lakeland",
     "housing", "", ""),
    ("habitat-mercer", "Habitat for Humanity Mercer County", N, "housing developer",
     "mercer-county", "housing", "", ""),
    ("northside-cdc", "Northside Community Development Corp.", N, "CDC", "northside",
     "housing; economic_development", "", ""),
    # nonprofit: health
    ("eastside-clinic", "Eastside Community Health Center", N, "FQHC", "riverbend", "health",
     "", ""),
    ("healthy-start", "Healthy Start Mercer", N, "maternal health", "mercer-county", "health",
     "", ""),
    ("food-bank", "Mercer Regional Food Bank", N, "food bank", "mercer-county", "health", "",
     ""),
    ("mental-health-assoc", "Mental Health Association of Riverbend", N, "behavioral health",
     "riverbend", "health", "", ""),
    ("asthma-coalition", "Lakeland Asthma Coalition", N, "health coalition", "lakeland",
     "health; housing", "", ""),
    ("community-health-workers", "Community Health Workers Network", N, "CHW network",
     "riverbend", "health; workforce", "", ""),
    # nonprofit: education and youth
    ("big-brothers", "Big Brothers Big Sisters of Riverbend", N, "mentoring", "riverbend",
     "education", "", ""),
    ("boys-girls-club", "Boys & Girls Club of Riverbend", N, "youth development", "riverbend",
     "education", "", ""),
    ("literacy-council", "Riverbend Literacy Council", N, "adult education", "riverbend",
     "education; workforce", "", ""),
    ("college-access", "Lakeland College Access Network", N, "college access", "lakeland",
     "education", "", ""),
    ("early-learning", "Early Learning Riverbend", N, "early childhood", "riverbend",
     "education", "", ""),
    ("ymca-riverbend", "YMCA of Riverbend", N, "youth development", "riverbend",
     "education; health", "", ""),
    ("policy-institute", "Lakeland Policy Institute", N, "research", "lakeland",
     "economic_development; workforce", "", ""),
    ("data-collaborative", "Riverbend Data Collaborative", N, "data intermediary",
     "riverbend", "education; workforce; health", "", ""),
    ("legal-aid", "Legal Aid of Mercer County", N, "legal services", "mercer-county",
     "housing", "", ""),
    ("refugee-services", "Lakeland Refugee Services", N, "social services", "lakeland",
     "workforce", "", ""),
    # the Southbank silo: nonprofits that work only with each other
    ("sb-food-pantry", "Southbank Food Pantry", N, "food pantry", "southbank", "health", "",
     ""),
    ("sb-youth-center", "Southbank Youth Center", N, "youth center", "southbank", "education",
     "", ""),
    ("sb-senior-services", "Southbank Senior Services", N, "senior services", "southbank",
     "health", "", ""),
    ("sb-family-resource", "Southbank Family Resource Center", N, "family services",
     "southbank", "health; education", "", ""),
    ("sb-literacy", "Southbank Literacy Project", N, "literacy", "southbank", "education", "",
     ""),
    ("sb-tenant-legal", "Southbank Tenants' Legal Clinic", N, "legal services", "southbank",
     "housing", "", ""),
    # community
    ("northside-coalition", "Northside Neighborhood Coalition", "Grassroots", "coalition",
     "northside", "housing; health", "", ""),
    ("northside-assoc", "Northside Neighborhood Association", "Neighborhood association",
     "neighborhood association", "northside", "housing", "", ""),
    ("greater-hope", "Greater Hope Baptist Church", "Faith-based", "congregation", "northside",
     "health", "", ""),
    ("northside-block-clubs", "Northside Block Club Council", "community group",
     "block clubs", "northside", "housing", "", ""),
    ("northside-parents", "Northside Parents United", "Residents", "parent group",
     "northside", "education", "", ""),
    ("millrace-residents", "Millrace Residents Council", "Resident", "resident council",
     "millrace", "housing; transportation", "", ""),
    ("rb-tenants-union", "Riverbend Tenants Union", C, "tenant union", "riverbend",
     "housing", "", ""),
    ("parents-for-rps", "Parents for Riverbend Schools", C, "parent group", "riverbend",
     "education", "", ""),
    ("southbank-block-club", "Southbank Block Club Alliance", C, "block clubs", "southbank",
     "housing", "", ""),
    ("st-anselm", "St. Anselm Parish", C, "congregation", "millrace", "health", "", ""),
    ("youth-council", "Riverbend Youth Council", C, "youth voice", "riverbend", "education",
     "", ""),
    ("eastport-residents", "Eastport Residents for Jobs", C, "resident group", "eastport",
     "workforce", "", ""),
    ("mercado-collective", "Mercado Vendors Collective", C, "vendor collective", "millrace",
     "economic_development", "", ""),
    ("riders-union", "Bus Riders Union of Riverbend", C, "rider group", "riverbend",
     "transportation", "", ""),
]

# A few organizations whose names people write in other scripts and with
# accents; their id is written out so it stays readable.
ORGS += [
    ("asociacion-latina", "Asociación Latina de Riverbend", C, "community group", "millrace",
     "workforce; education", "", ""),
    ("hmong-mutual", "Hmong Mutual Assistance Association", N, "mutual assistance",
     "eastport", "workforce; health", "", ""),
    ("ukrainian-center", "Українсько-американський центр Riverbend", N, "cultural center",
     "riverbend", "workforce", "", ""),
    ("lakeland-ai-lab", "Lakeland Applied Robotics Lab", B, "technology firm", "riverbend",
     "workforce", "", ""),
    ("rb-cooperative", "Riverbend Worker Cooperative Fund", P, "cooperative fund", "riverbend",
     "economic_development", "", ""),
    ("mercer-libraries", "Mercer County Public Library", G, "library system", "mercer-county",
     "education; workforce", "", ""),
]

ORG_IDS = {o[0] for o in ORGS}
assert len(ORG_IDS) == len(ORGS)

# -- partnerships --------------------------------------------------------------------
PARTNERSHIPS = [
    ("riverbend-works", "Riverbend Works", "workforce",
     "riverbend; mercer-county; eastport", "Regional workforce table: employers, the "
     "workforce board and training providers aligning toward middle-skill jobs."),
    ("transit-corridor", "Millrace Transit Corridor Partnership", "transportation; housing",
     "riverbend", "Transit-oriented development along the new Millrace bus rapid transit line."),
    ("healthy-mercer", "Healthy Mercer", "health", "mercer-county",
     "County-wide health improvement table focused on asthma and maternal health."),
    ("youth-pathways", "Southside Youth Pathways", "education", "riverbend",
     "Out-of-school-time programs for middle and high school students."),
]

# partnership -> [(member id, role)]; people memberships are added below.
MEMBERS = {
    "riverbend-works": [
        ("rb-community-fdn", "convener"), ("data-collaborative", "backbone"),
        ("lk-workforce", "member"), ("mercer-wib", "member"), ("mercer-exec", "member"),
        ("rb-econdev", "member"), ("us-dol-region", "observer"), ("rb-chamber", "member"),
        ("mercer-mfg", "member"), ("acme-precision", "member"),
        ("lakeshore-logistics", "member"), ("northstar-software", "member"),
        ("rb-health-system", "member"), ("lakeland-steel", "member"),
        ("hollis-fdn", "funder"), ("united-way-mercer", "funder"),
        ("flb-foundation", "funder"), ("rb-community-capital", "member"),
        ("jobs-ladder", "member"), ("pathways-to-work", "member"), ("skillbridge", "member"),
        ("womens-trades", "member"), ("re-entry-works", "member"), ("mercer-cc", "member"),
        ("rb-university", "advisor"), ("policy-institute", "advisor"),
        ("eastport-residents", "member"), ("asociacion-latina", "member"),
        ("hmong-mutual", "member"), ("mercer-libraries", "member"), ("eastport-city", "member"),
        ("lakeland-ai-lab", "member"), ("rb-hotel-group", "member"),
        ("hollis-commission", "member"),
    ],
    "transit-corridor": [
        ("rb-planning", "convener"), ("rb-community-capital", "backbone"),
        ("rrta", "member"), ("lk-dot", "member"), ("us-fta-region", "observer"),
        ("rb-mayor", "member"), ("rb-housing-auth", "member"), ("lk-hfa", "member"),
        ("first-lakeland-bank", "member"), ("flb-cd", "member"),
        ("millrace-developers", "member"), ("harbor-construction", "member"),
        ("national-transit-fund", "funder"), ("rb-community-fdn", "funder"),
        ("lakeland-loan-fund", "member"), ("millrace-cdc", "member"), ("rb-nhs", "member"),
        ("transit-riders", "member"), ("fair-housing-center", "advisor"),
        ("millrace-residents", "member"), ("riders-union", "member"),
        ("mercado-collective", "member"), ("st-anselm", "observer"),
        ("metro-council", "member"), ("us-hud-field", "observer"),
    ],
    "healthy-mercer": [
        ("rb-health-system", "convener"), ("united-way-mercer", "backbone"),
        ("mercer-health", "member"), ("lk-health", "member"), ("mercer-dss", "member"),
        ("lakeland-health-fund", "funder"), ("tri-county-health-plan", "member"),
        ("bluewater-insurance", "member"), ("riverview-grocers", "member"),
        ("eastside-clinic", "member"), ("healthy-start", "member"), ("food-bank", "member"),
        ("mental-health-assoc", "member"), ("asthma-coalition", "member"),
        ("community-health-workers", "member"), ("ymca-riverbend", "member"),
        ("rb-university", "advisor"),
        ("rb-tenants-union", "member"), ("legal-aid", "member"),
    ],
    "youth-pathways": [
        ("ward-fdn", "convener"), ("boys-girls-club", "backbone"), ("rps", "member"),
        ("big-brothers", "member"), ("literacy-council", "member"),
        ("college-access", "member"), ("early-learning", "member"),
        ("ymca-riverbend", "member"), ("rb-youthbuild", "member"),
        ("millrace-giving-circle", "funder"), ("keystone-retail", "member"),
        ("rb-utilities", "member"), ("parents-for-rps", "member"),
        ("youth-council", "member"), ("rb-econdev", "observer"),
    ],
}
SINCE = {"riverbend-works": "2019-03-01", "transit-corridor": "2020-06-15",
         "healthy-mercer": "2019-09-01", "youth-pathways": "2021-01-15"}

# -- people ---------------------------------------------------------------------------
FIRST = ["Avery", "Jordan", "Maria", "Darnell", "Priya", "Tomás", "Keisha", "Wei", "Hannah",
         "Luis", "Aisha", "Connor", "Mai", "Rashid", "Elena", "Marcus", "Ngozi", "Sofia",
         "Terrence", "Yuki", "Fatima", "Gabriel", "Lakshmi", "Olivia", "Andre", "Chen",
         "Imani", "Diego", "Rosa", "Samuel", "Zainab", "Henry", "Lucia", "Kofi", "Grace",
         "Mateo", "Shanice", "Viktor", "Amara", "Noah", "Leilani", "Omar", "Beatriz", "Tyrone",
         "Ingrid", "Xochitl", "Dmitri", "Nia"]
LAST = ["Alvarez", "Brooks", "Chen", "Dawson", "Ekwueme", "Fischer", "Garcia", "Haddad",
        "Ibarra", "Jackson", "Kowalski", "Lee", "Morales", "Nguyen", "Okafor", "Patel",
        "Quinn", "Ramirez", "Singh", "Thompson", "Underwood", "Vasquez", "Washington", "Xiong",
        "Yamamoto", "Zimmerman", "Baptiste", "Castillo", "Delgado", "Franklin", "Gutierrez",
        "Holloway", "Iverson", "Johansson", "Kim", "Lindqvist", "Mensah", "Novak", "Ortiz",
        "Park", "Rossi", "Shevchenko", "Tran", "Vang", "Whitfield", "Young"]

LEADER = {  # sector -> titles of the person who can commit the organization
    "business": ["President", "CEO", "Chief Operating Officer", "Owner"],
    "philanthropy": ["President", "Executive Director", "CEO"],
    "nonprofit": ["Executive Director", "President and CEO", "Executive Director"],
    "community": ["Chair", "President", "Pastor", "Founder"],
}
DOER = ["Program Manager", "Program Officer", "Policy Analyst", "Community Organizer",
        "Data Analyst", "Senior Planner", "Program Coordinator", "Grants Manager",
        "Outreach Specialist", "Case Manager", "Deputy Director", "Project Manager",
        "Research Associate", "Operations Manager", "Volunteer Coordinator"]

SECTOR_OF = {}
for org in ORGS:
    raw = org[2].lower()
    SECTOR_OF[org[0]] = (
        "government" if raw in ("government", "federal", "federal agency", "state agency",
                                "public", "county", "gov't", "government agency",
                                "city agency")
        else "business" if raw in ("private sector", "bank", "private", "business",
                                   "for-profit", "company", "corporate")
        else "philanthropy" if raw in ("foundation", "philanthropic", "funder", "philanthropy")
        else "nonprofit" if raw in ("nonprofit", "non-profit", "501(c)(3)", "ngo", "cbo")
        else "community"
    )

GOVERNMENT_LEADER = {  # by the level of the agency's home jurisdiction
    "federal": "Regional Director", "state": "Commissioner", "county": "Director",
    "city": "Director", "school_district": "Superintendent",
    "special_district": "Executive Director", "regional": "Executive Director",
}
SPECIAL_LEADER = {"rb-mayor": "Mayor", "eastport-city": "Mayor",
                  "mercer-exec": "County Executive", "hollis-commission": "Commissioner"}
LEVEL_OF = {j[0]: j[2] for j in JURISDICTIONS}


def leader_title(org):
    org_id, sector = org[0], SECTOR_OF[org[0]]
    if org_id in SPECIAL_LEADER:
        return SPECIAL_LEADER[org_id]
    if sector == "government":
        return GOVERNMENT_LEADER[LEVEL_OF[org[4]]]
    return rng.choice(LEADER[sector])


# Government at Healthy Mercer only through staff: these agencies send doers.
STAFF_ONLY = {"mercer-health", "lk-health", "mercer-dss"}


def person_rows():
    rows = []
    used = set()
    for org in ORGS:
        org_id = org[0]
        size = 1 if org_id.startswith(("sb-", "northside-")) and org_id != "northside-cdc" \
            else rng.choice([1, 2, 2, 2, 3, 3, 4])
        for i in range(size):
            while True:
                first, last = rng.choice(FIRST), rng.choice(LAST)
                if (first, last) not in used:
                    used.add((first, last))
                    break
            leader = i == 0 and org_id not in STAFF_ONLY
            title = leader_title(org) if leader else rng.choice(DOER)
            # Most decision-maker cells are left blank for the title to decide;
            # a few are filled in, as a coordinator who knows would.
            flag = ""
            if rng.random() < 0.15:
                flag = "Yes" if leader else "No"
            slug = f"{first}.{last}".lower().replace(" ", "").replace("á", "a")
            slug = slug.replace("ó", "o").replace("é", "e")
            rows.append({
                "id": f"p-{org_id}-{i + 1}",
                "name": f"{first} {last}",
                "organization": org_id,
                "title": title,
                "decision_maker": flag,
                "email": f"{slug}@{org_id}.example.org",
                "phone": f"(312) 555-01{rng.randrange(100):02d}",
                "notes": "",
            })
    # Board seats and joint appointments: one person, two organizations.
    interlocks = {
        "p-first-lakeland-bank-1": "rb-community-fdn",
        "p-rb-university-1": "rb-health-system",
        "p-rb-health-system-1": "united-way-mercer",
        "p-acme-precision-1": "rb-chamber; mercer-mfg",
        "p-lakeland-health-fund-1": "asthma-coalition",
        "p-rb-community-capital-1": "millrace-cdc",
    }
    for row in rows:
        row["also_works_for"] = interlocks.get(row["id"], "")
    return rows


# -- ties -----------------------------------------------------------------------------
def tie_rows(people):
    ties = {}

    def tie(a, b, kind, strength, since, source="survey", confirmed="yes"):
        key = tuple(sorted((a, b)))
        if a == b or key in ties:
            return
        ties[key] = {"from": a, "to": b, "kind": kind, "strength": strength, "trust": "",
                     "value": "", "since": since, "until": "", "provenance": source,
                     "confirmed": confirmed}

    # Inside each table, members work with some of the others.
    kinds = ["informal", "informal", "referral", "mou", "contract", "data_sharing",
             "co_funding"]
    for table, members in MEMBERS.items():
        orgs = [m for m, _ in members]
        for i, a in enumerate(orgs):
            for b in orgs[i + 1:]:
                if rng.random() < 0.14:
                    year = rng.choice([2016, 2018, 2019, 2020, 2021, 2022, 2023])
                    tie(a, b, rng.choice(kinds), rng.choice([1, 2, 2, 3, 3, 4]),
                        f"{year}-{rng.randrange(1, 13):02d}-01",
                        source=rng.choice(["survey", "survey", "document", "facilitator"]),
                        confirmed=rng.choice(["yes", "yes", "no"]))
        # conveners and backbones know everyone at their table a little
        for hub in orgs[:2]:
            for b in orgs[2:]:
                if rng.random() < 0.45:
                    tie(hub, b, "informal", 2, SINCE[table], source="facilitator")
    # Anchors and funders reach across tables.
    for a, b, kind in [
        ("rb-health-system", "rb-university", "contract"),
        ("rb-community-fdn", "hollis-fdn", "co_funding"),
        ("rb-community-fdn", "ward-fdn", "co_funding"),
        ("rb-community-capital", "first-lakeland-bank", "co_funding"),
        ("data-collaborative", "rps", "data_sharing"),
        ("data-collaborative", "mercer-health", "data_sharing"),
        ("rb-econdev", "rb-planning", "mou"),
        ("rb-mayor", "rb-econdev", "informal"),
        ("mercer-exec", "mercer-health", "informal"),
        ("ymca-riverbend", "boys-girls-club", "referral"),
        ("united-way-mercer", "big-brothers", "co_funding"),
        ("mercer-libraries", "literacy-council", "mou"),
        ("ukrainian-center", "refugee-services", "referral"),
        ("refugee-services", "pathways-to-work", "referral"),
        ("ukrainian-center", "skillbridge", "referral"),
    ]:
        tie(a, b, kind, 3, "2018-01-01", source="document")
    # The Southbank silo: six nonprofits and a block club tied only to each other.
    silo = ["sb-food-pantry", "sb-youth-center", "sb-senior-services", "sb-family-resource",
            "sb-literacy", "sb-tenant-legal"]
    for i, a in enumerate(silo):
        for b in silo[i + 1:]:
            if rng.random() < 0.8:
                tie(a, b, "referral", rng.choice([2, 3, 4]), "2015-05-01")
    # The Northside coalition reaches the rest only through Northside CDC.
    coalition = ["northside-coalition", "northside-assoc", "greater-hope",
                 "northside-block-clubs", "northside-parents"]
    for i, a in enumerate(coalition):
        for b in coalition[i + 1:]:
            tie(a, b, "informal", 3, "2017-04-01", source="facilitator")
    tie("northside-cdc", "northside-coalition", "mou", 4, "2018-09-01", source="document")
    tie("northside-cdc", "rb-nhs", "co_funding", 3, "2019-02-01", source="document")
    tie("northside-cdc", "rb-community-capital", "contract", 3, "2020-02-01",
        source="document")
    # Two ties that ended (for "as of" views).
    tie("lakeshore-logistics", "skillbridge", "contract", 2, "2019-01-01")
    ties[("lakeshore-logistics", "skillbridge")]["until"] = "2023-06-30"
    tie("keystone-retail", "jobs-ladder", "referral", 1, "2018-03-01")
    ties[("jobs-ladder", "keystone-retail")]["until"] = "2022-12-31"
    return list(ties.values())


# -- goals, metrics, measurements --------------------------------------------------------
GOALS = [
    # id, partnership, name, system, statement
    ("goal-middle-skill-jobs", "riverbend-works", "Middle-skill jobs for residents",
     "workforce", "2,500 more Riverbend residents employed in middle-skill jobs by 2027."),
    ("goal-credential-completion", "riverbend-works", "Credential completion",
     "workforce", "Adults who start a training program finish with an industry credential."),
    ("goal-tod-ridership", "transit-corridor", "Corridor ridership", "transportation",
     "Double weekday ridership on the Millrace line."),
    ("goal-tod-affordable-homes", "transit-corridor", "Affordable homes near stations",
     "housing", "1,200 affordable homes within a half mile of the Millrace stations."),
    ("goal-asthma", "healthy-mercer", "Fewer childhood asthma emergencies", "health",
     "Cut pediatric asthma emergency visits in Mercer County by a third."),
    ("goal-maternal", "healthy-mercer", "Healthy births", "health",
     "Reduce the share of low-birth-weight births."),
    ("goal-youth-attendance", "youth-pathways", "Youth in programs after school",
     "education", "Every Southside middle schooler has an after-school program."),
]
METRICS = [
    # id, goal, name, unit, direction, baseline, baseline_date, target, target_date, series
    ("m-middle-skill-placements", "goal-middle-skill-jobs", "Residents placed in middle-skill "
     "jobs (cumulative)", "people", "up", 0, "2019-12-31", 2500, "2027-12-31",
     {2020: 310, 2021: 640, 2022: 1010, 2023: 1390, 2024: 1720, 2025: 1985}),
    ("m-credential-rate", "goal-credential-completion", "Credential completion rate", "%",
     "up", 48, "2019-12-31", 66, "2026-12-31",
     {2020: 49, 2021: 53, 2022: 57, 2023: 60, 2024: 63, 2025: 64}),
    ("m-ridership", "goal-tod-ridership", "Average weekday boardings, Millrace line",
     "boardings", "up", 8200, "2020-06-30", 14800, "2028-06-30",
     {2021: 7100, 2022: 8800, 2023: 10400, 2024: 11900, 2025: 12800}),
    ("m-asthma-ed", "goal-asthma", "Pediatric asthma ED visits per 10,000 children", "rate",
     "down", 132, "2019-12-31", 88, "2026-12-31",
     {2020: 128, 2021: 131, 2022: 135}),  # stale: nobody has reported since 2022
    ("m-low-birth-weight", "goal-maternal", "Low-birth-weight births", "%", "down", 10.4,
     "2019-12-31", 8.7, "2027-12-31",
     {2020: 10.3, 2021: 10.1, 2022: 9.8, 2023: 9.6, 2024: 9.3, 2025: 9.1}),
    ("m-program-enrollment", "goal-youth-attendance", "Middle schoolers enrolled in "
     "after-school programs", "%", "up", 34, "2020-09-30", 100, "2026-06-30",
     {2021: 36, 2022: 39, 2023: 41, 2024: 42, 2025: 43}),
    ("m-program-slots", "goal-youth-attendance", "After-school program slots", "slots", "up",
     1200, "2020-09-30", None, None,  # no target set
     {2021: 1250, 2022: 1400, 2023: 1450, 2024: 1500, 2025: 1510}),
]
REPORTER = {"m-middle-skill-placements": ["mercer-wib", "data-collaborative"],
            "m-credential-rate": ["data-collaborative", "mercer-cc"],
            "m-ridership": ["rrta"],
            "m-asthma-ed": ["mercer-health"],
            "m-low-birth-weight": ["lk-health", "healthy-start"],
            "m-program-enrollment": ["rps", "boys-girls-club"],
            "m-program-slots": ["boys-girls-club"]}

# -- commitments --------------------------------------------------------------------------
COMMITMENTS = [
    # maker, recipient, partnership, goal, type, amount, status, change, start, end,
    # description
    # Riverbend Works: a blended capital stack and systems changes.
    ("rb-community-fdn", "data-collaborative", "riverbend-works", "goal-middle-skill-jobs",
     "grant", 750000, "active", "", "2019-04-01", "2024-03-31", "Backbone operating support"),
    ("hollis-fdn", "rb-community-capital", "riverbend-works", "goal-middle-skill-jobs",
     "Program-related investment", 2000000, "active", "", "2020-01-01", "2030-12-31",
     "PRI into a training-to-employment loan pool"),
    ("rb-community-capital", "acme-precision", "riverbend-works", "goal-middle-skill-jobs",
     "loan", 450000, "fulfilled", "", "2020-05-01", "2025-04-30",
     "Equipment loan tied to hiring program graduates"),
    ("lk-workforce", "mercer-wib", "riverbend-works", "goal-credential-completion",
     "public_funds", 3200000, "active", "", "2021-07-01", "2025-06-30",
     "WIOA dollars realigned to sector partnerships"),
    ("mercer-wib", None, "riverbend-works", "goal-middle-skill-jobs", "policy", None,
     "fulfilled", "", "2021-01-01", "", "Board policy: training vouchers only for credentials "
     "employers at the table endorse"),
    ("mercer-wib", "data-collaborative", "riverbend-works", "goal-credential-completion",
     "data_sharing", None, "active", "", "2020-09-01", "", "Share participant outcome data "
     "under a data-sharing agreement"),
    ("acme-precision", None, "riverbend-works", "goal-middle-skill-jobs", "practice", None,
     "active", "", "2021-03-01", "", "Skills-based hiring; degree requirements dropped"),
    ("rb-health-system", None, "riverbend-works", "goal-middle-skill-jobs", "practice", None,
     "pledged", "", "2023-01-01", "", "Career ladders for environmental services staff"),
    ("united-way-mercer", "jobs-ladder", "riverbend-works", "goal-credential-completion",
     "grant", 300000, "active", "", "2021-01-01", "2023-12-31", "Coaching for adult learners"),
    ("flb-foundation", "pathways-to-work", "riverbend-works", None, "grant", 150000,
     "fulfilled", "", "2020-01-01", "2021-12-31", "Bridge program pilot"),
    ("mercer-mfg", None, "riverbend-works", "goal-middle-skill-jobs", "staff", 90000,
     "active", "", "2020-01-01", "", "Half-time industry liaison"),
    ("northstar-software", "skillbridge", "riverbend-works", "goal-credential-completion",
     "in_kind", 60000, "active", "", "2022-01-01", "", "Laptops and instructors"),
    ("mercer-cc", None, "riverbend-works", "goal-credential-completion", "program", None,
     "active", "", "2020-08-01", "", "Accelerated welding certificate"),
    ("us-dol-region", "mercer-wib", "riverbend-works", "goal-middle-skill-jobs",
     "public_funds", 1500000, "fulfilled", "program", "2019-10-01", "2022-09-30",
     "Demonstration grant for an apprenticeship pilot"),
    ("mercer-exec", None, "riverbend-works", "goal-middle-skill-jobs", "policy", None,
     "pledged", "", "2024-01-01", "", "County hiring preference for program graduates"),
    # Transit corridor: loans, PRIs, equity and public money; no county government.
    ("national-transit-fund", "rb-community-capital", "transit-corridor",
     "goal-tod-affordable-homes", "pri", 5000000, "active", "", "2021-01-01", "2031-01-01",
     "PRI for a transit-oriented acquisition fund"),
    ("first-lakeland-bank", "rb-community-capital", "transit-corridor",
     "goal-tod-affordable-homes", "loan", 10000000, "active", "", "2021-03-01", "2031-03-01",
     "Senior debt in the acquisition fund"),
    ("rb-community-fdn", "rb-community-capital", "transit-corridor",
     "goal-tod-affordable-homes", "guarantee", 1000000, "pledged", "", "2021-03-01", "",
     "First-loss guarantee"),
    ("flb-cd", "millrace-developers", "transit-corridor", "goal-tod-affordable-homes",
     "equity", 2500000, "active", "", "2022-05-01", "", "LIHTC equity, Millrace Station phase 1"),
    ("lk-hfa", "millrace-developers", "transit-corridor", "goal-tod-affordable-homes",
     "public_funds", 4000000, "active", "", "2022-05-01", "", "Low-income housing tax credits"),
    ("rrta", None, "transit-corridor", "goal-tod-ridership", "public_funds", 42000000,
     "active", "", "2020-07-01", "", "Millrace bus rapid transit capital budget"),
    ("rb-planning", None, "transit-corridor", "goal-tod-affordable-homes", "policy", None,
     "fulfilled", "", "2021-11-01", "", "Rezoning: by-right density within 1/2 mile of "
     "stations"),
    ("rb-housing-auth", "millrace-cdc", "transit-corridor", "goal-tod-affordable-homes",
     "practice", None, "active", "", "2022-01-01", "", "Project-based vouchers near stations"),
    ("lakeland-loan-fund", "millrace-cdc", "transit-corridor", "goal-tod-affordable-homes",
     "loan", 1200000, "pledged", "", "2023-04-01", "", "Predevelopment loan"),
    ("rrta", "data-collaborative", "transit-corridor", "goal-tod-ridership", "data_sharing",
     None, "active", "", "2021-06-01", "", "Station-level boardings shared monthly"),
    # Healthy Mercer: grants only, plus data and programs.
    ("lakeland-health-fund", "asthma-coalition", "healthy-mercer", "goal-asthma", "grant",
     600000, "active", "", "2020-01-01", "2024-12-31", "Home asthma visits"),
    ("lakeland-health-fund", "healthy-start", "healthy-mercer", "goal-maternal", "grant",
     450000, "active", "", "2020-01-01", "2024-12-31", "Doula program"),
    ("united-way-mercer", "food-bank", "healthy-mercer", "goal-maternal", "grant", 120000,
     "fulfilled", "", "2020-01-01", "2021-12-31", "Prenatal food boxes"),
    ("rb-health-system", "eastside-clinic", "healthy-mercer", "goal-asthma", "grant", 200000,
     "active", "", "2021-01-01", "2025-12-31", "Community benefit grant"),
    ("rb-health-system", "mercer-health", "healthy-mercer", "goal-asthma", "data_sharing",
     None, "active", "", "2021-06-01", "", "ED visit data shared with the county"),
    ("tri-county-health-plan", None, "healthy-mercer", "goal-asthma", "program", None,
     "active", "", "2021-01-01", "", "Asthma case management for members"),
    ("community-health-workers", None, "healthy-mercer", "goal-maternal", "staff", 80000,
     "active", "", "2021-01-01", "", "Two community health workers"),
    ("riverview-grocers", "food-bank", "healthy-mercer", "goal-maternal", "in_kind", 40000,
     "active", "", "2021-01-01", "", "Produce donations"),
    # Youth Pathways: programs only; the capital is grants and program money.
    ("ward-fdn", "boys-girls-club", "youth-pathways", "goal-youth-attendance", "grant",
     500000, "active", "", "2021-02-01", "2024-01-31", "Backbone and program grant"),
    ("millrace-giving-circle", "big-brothers", "youth-pathways", "goal-youth-attendance",
     "grant", 25000, "fulfilled", "", "2021-02-01", "2022-01-31", "Mentor recruitment"),
    ("rps", "boys-girls-club", "youth-pathways", "goal-youth-attendance", "public_funds",
     350000, "active", "program", "2021-09-01", "", "Contract for after-school slots at two "
     "schools"),
    ("boys-girls-club", None, "youth-pathways", "goal-youth-attendance", "program", None,
     "active", "", "2021-02-01", "", "Two new program sites"),
    ("ymca-riverbend", None, "youth-pathways", "goal-youth-attendance", "program", None,
     "active", "", "2021-09-01", "", "Middle-school sports league"),
    ("keystone-retail", "boys-girls-club", "youth-pathways", None, "in_kind", 15000,
     "fulfilled", "", "2021-11-01", "2022-01-31", "Holiday supply drive"),
    ("rb-utilities", None, "youth-pathways", "goal-youth-attendance", "staff", 20000,
     "active", "", "2022-01-01", "", "Volunteer tutors"),
    ("literacy-council", None, "youth-pathways", "goal-youth-attendance", "program", None,
     "proposed", "", "2025-09-01", "", "Summer reading pilot"),
]


# -- stakeholder mapping: the convener's judgements and its engagement log -----------------
# (partnership, organization, person, date, power, interest, legitimacy, urgency, stance,
#  engagement, target, assessed by, notes). A story the gap rules can tell: a key
# contractor not at the workforce table and cooling on it, a powerful utility opposed, a
# developer opposed at the transit table, residents with little power and much at stake.
ASSESSMENTS = [
    ("riverbend-works", "lk-workforce", "", "2025-01-15", 4, 4, "yes", 3, "champion",
     "collaborate", "collaborate", "Dana Reyes", "Moved WIOA dollars to sector partnerships"),
    ("riverbend-works", "lk-workforce", "", "2026-03-01", 4, 4, "yes", 3, "champion",
     "collaborate", "collaborate", "Dana Reyes", ""),
    ("riverbend-works", "", "p-lk-workforce-1", "2025-01-15", 4, 4, "yes", 3, "champion",
     "collaborate", "collaborate", "Dana Reyes", ""),
    ("riverbend-works", "us-dol-region", "", "2025-01-15", 4, 2, "yes", 1, "neutral",
     "inform", "consult", "Dana Reyes", "Observer; federal grant cycles"),
    ("riverbend-works", "mercer-exec", "", "2025-02-01", 4, 3, "yes", 3, "supporter",
     "involve", "collaborate", "Dana Reyes", ""),
    ("riverbend-works", "harbor-construction", "", "2025-01-15", 3, 3, "yes", 3, "supporter",
     "consult", "involve", "Marcus Lee", "Largest construction employer; hires apprentices"),
    ("riverbend-works", "harbor-construction", "", "2026-03-01", 3, 3, "yes", 3, "sceptic",
     "consult", "collaborate", "Marcus Lee", "Frustrated that graduates lack site experience"),
    ("riverbend-works", "lakeland-steel", "", "2025-06-01", 3, 2, "no", 2, "sceptic",
     "inform", "consult", "Marcus Lee", ""),
    ("riverbend-works", "rb-utilities", "", "2025-09-10", 4, 3, "yes", 2, "opponent",
     "inform", "involve", "Dana Reyes", "Opposes the apprenticeship mandate in the rate case"),
    ("riverbend-works", "eastport-residents", "", "2025-03-01", 1, 4, "yes", 4, "champion",
     "involve", "empower", "Luis Ortega", ""),
    ("transit-corridor", "rb-mayor", "", "2025-05-01", 4, 4, "yes", 4, "champion",
     "collaborate", "empower", "Priya Shah", ""),
    ("transit-corridor", "rrta", "", "2025-05-01", 4, 3, "yes", 2, "supporter", "involve",
     "collaborate", "Priya Shah", ""),
    ("transit-corridor", "millrace-developers", "", "2025-05-01", 3, 4, "no", 4, "opponent",
     "inform", "consult", "Priya Shah", "Wants the station parking kept"),
    ("transit-corridor", "transit-riders", "", "2025-05-01", 2, 4, "yes", 3, "supporter",
     "consult", "involve", "Luis Ortega", ""),
    ("healthy-mercer", "tri-county-health-plan", "", "2025-07-01", 3, 1, "no", 1, "neutral",
     "inform", "inform", "Priya Shah", ""),
    ("youth-pathways", "rps", "", "2025-04-01", 4, 3, "yes", 2, "supporter", "consult",
     "collaborate", "Luis Ortega", ""),
]
# (date, organization, person, partnership, channel, owner, topic, sentiment, follow-up due,
#  follow-up done)
INTERACTIONS = [
    ("2025-02-10", "lk-workforce", "p-lk-workforce-1", "riverbend-works", "meeting",
     "Dana Reyes", "WIOA alignment", "positive", "", ""),
    ("2025-06-12", "lk-workforce", "p-lk-workforce-1", "riverbend-works", "call", "Dana Reyes",
     "Credential data", "positive", "", ""),
    ("2025-11-05", "lk-workforce", "", "riverbend-works", "meeting", "Marcus Lee",
     "Budget outlook", "neutral", "", ""),
    ("2026-05-20", "lk-workforce", "p-lk-workforce-1", "riverbend-works", "meeting",
     "Dana Reyes", "Next funding round", "very_positive", "2026-06-15", "yes"),
    ("2025-01-20", "harbor-construction", "", "riverbend-works", "meeting", "Marcus Lee",
     "Apprenticeship slots", "positive", "", ""),
    ("2025-08-14", "harbor-construction", "", "riverbend-works", "call", "Marcus Lee",
     "Graduates' site readiness", "neutral", "", ""),
    ("2026-02-20", "harbor-construction", "", "riverbend-works", "meeting", "Marcus Lee",
     "Complaints about readiness", "negative", "2026-03-15", "no"),
    ("2025-09-10", "rb-utilities", "", "riverbend-works", "email", "Dana Reyes",
     "Rate case testimony", "negative", "", ""),
    ("2025-03-01", "us-dol-region", "", "riverbend-works", "email", "Dana Reyes",
     "Grant reporting", "neutral", "", ""),
    ("2026-04-02", "mercer-exec", "", "riverbend-works", "meeting", "Dana Reyes",
     "County budget", "positive", "", ""),
    ("2026-06-10", "mercer-exec", "", "riverbend-works", "call", "Priya Shah",
     "Board appointments", "positive", "", ""),
    ("2026-06-05", "eastport-residents", "", "riverbend-works", "event", "Luis Ortega",
     "Listening session", "very_positive", "", ""),
    ("2026-06-01", "rb-mayor", "", "transit-corridor", "event", "Priya Shah",
     "Station groundbreaking", "very_positive", "", ""),
    ("2026-06-20", "rb-mayor", "p-rb-mayor-1", "transit-corridor", "meeting", "Dana Reyes",
     "Zoning overlay", "positive", "", ""),
    ("2026-05-05", "rrta", "", "transit-corridor", "meeting", "Priya Shah", "Service plan",
     "positive", "", ""),
    ("2025-05-15", "millrace-developers", "", "transit-corridor", "meeting", "Priya Shah",
     "Parking", "very_negative", "", ""),
    ("2026-01-10", "millrace-developers", "", "transit-corridor", "call", "Priya Shah",
     "Parking compromise", "negative", "2026-02-01", "yes"),
    ("2026-01-15", "rps", "", "youth-pathways", "site_visit", "Luis Ortega",
     "Summer programs", "positive", "2026-07-15", ""),
]


# -- the relational survey: two rounds at Riverbend Works a year apart --------------------
# Trust at the table rises from one round to the next, while the backbone data
# collaborative, the broker most partners go through, loses it. A random generator of
# its own, so that the rows above stay as they were.
SURVEY_ROUNDS = {"2025": "2025-04-15", "2026": "2026-04-15"}
BROKER = "data-collaborative"
CONTRIBUTES = ["funding", "data", "information", "expertise", "staff", "in_kind",
               "community_connections", "facilitation"]


def survey_rows():
    survey_rng = random.Random(2025)
    members = [org for org, _ in MEMBERS["riverbend-works"]]
    roster, ratings = [], []
    for label, when in SURVEY_ROUNDS.items():
        for org in members:
            responded = survey_rng.random() < (0.7 if label == "2025" else 0.8)
            roster.append((label, org, "yes", "yes" if responded else "no",
                           when if responded else ""))
            if not responded:
                continue
            others = [m for m in members if m != org]
            named = sorted(set(survey_rng.sample(others, survey_rng.randint(3, 6)) +
                               ([BROKER] if org != BROKER else [])))
            for partner in named:
                trust = (2 if label == "2025" else 3) if partner != BROKER else (
                    3 if label == "2025" else 2)

                def item(centre):
                    return max(1, min(4, centre + survey_rng.choice([-1, 0, 0, 1])))
                ratings.append((
                    label, org, partner,
                    survey_rng.choice(["quarterly", "monthly", "monthly", "weekly"]),
                    survey_rng.choice(["awareness", "cooperation", "coordination",
                                       "integration"]),
                    item(3), item(2), item(2), item(trust), item(trust + 1), item(trust),
                    "; ".join(sorted(survey_rng.sample(CONTRIBUTES, 2)))))
    return roster, ratings


def write(name, header, rows):
    with open(OUT / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write("jurisdictions", ["id", "name", "level", "parent", "fips"], JURISDICTIONS)
    write("organizations", ["id", "name", "sector", "type", "jurisdiction", "fields", "anchor",
                            "intermediary"], ORGS)
    people = person_rows()
    columns = ["id", "name", "organization", "also_works_for", "title", "decision_maker",
               "email", "phone", "notes"]
    write("people", columns, [[p[c] for c in columns] for p in people])
    write("partnerships", ["id", "name", "focus", "serves", "notes"], PARTNERSHIPS)
    memberships = []
    for table, members in MEMBERS.items():
        for org, role in members:
            memberships.append(("", table, org, "", role, SINCE[table], ""))
    # Two organizations left their tables; people sit at tables too.
    memberships.append(("", "riverbend-works", "keystone-retail", "", "member", "2019-03-01",
                        "2022-12-31"))
    by_org = {}
    for p in people:
        by_org.setdefault(p["organization"], []).append(p)
    for table, members in MEMBERS.items():
        for org, _ in members[:6]:
            person = by_org[org][0]
            memberships.append(("", table, "", person["id"], "member", SINCE[table], ""))
    write("memberships", ["id", "partnership", "organization", "person", "role", "since",
                          "until"], memberships)
    ties = tie_rows(people)
    columns = ["from", "to", "kind", "strength", "trust", "value", "since", "until", "provenance",
               "confirmed"]
    write("ties", columns, [[t[c] for c in columns] for t in ties])
    write("goals", ["id", "partnership", "name", "system", "statement"], GOALS)
    write("metrics", ["id", "goal", "name", "unit", "direction", "baseline", "baseline_date",
                      "target", "target_date"], [m[:9] for m in METRICS])
    measurements = []
    for metric in METRICS:
        for year, value in metric[9].items():
            for reporter in REPORTER[metric[0]]:
                measurements.append((metric[0], f"{year}-12-31", value, reporter))
    write("measurements", ["metric", "date", "value", "reported_by"], measurements)
    rows = []
    for i, c in enumerate(COMMITMENTS, start=1):
        rows.append((f"c-{i:03d}", *c[:5], c[5], "USD" if c[5] else "", *c[6:]))
    write("commitments", ["id", "maker", "recipient", "partnership", "goal", "type", "amount",
                          "currency", "status", "change", "start", "end", "description"],
          rows)
    write("assessments", ["partnership", "organization", "person", "date", "power", "interest",
                          "legitimacy", "urgency", "stance", "engagement", "engagement_target",
                          "assessed_by", "notes"], ASSESSMENTS)
    write("interactions", ["date", "organization", "person", "partnership", "channel", "owner",
                           "topic", "sentiment", "follow_up_due", "follow_up_done"],
          INTERACTIONS)
    roster, ratings = survey_rows()
    write("ratings", ["round", "respondent", "partner", "frequency", "intensity",
                      "power_influence", "involvement", "resource_contribution", "reliability",
                      "mission", "openness", "contributes"], ratings)
    write("survey", ["round", "organization", "invited", "responded", "date"], roster)
    print(f"wrote {OUT}: {len(ORGS)} organizations, {len(people)} people, "
          f"{len(ties)} ties, {len(rows)} commitments, {len(memberships)} memberships")


if __name__ == "__main__":
    main()
