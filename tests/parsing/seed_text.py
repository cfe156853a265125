"""The council's document as literal test data, shared by the parser tests."""

# The council's document (seed/kkr-hovedstaden-anbefalinger-2026-2029.txt) as extracted from
# its PDF, line breaks and trailing spaces kept: the wrapping is what the parser must survive.
PREAMBLE = (
    "KKR Hovedstadens anbefalinger til det nye KKR Hovedstaden \n"
    "KKR Hovedstaden har ved slutningen af valgperioden 2022-2025 drøftet "
    "anbefalinger til det nye KKR \n"
    "Hovedstaden i valgperioden 2026-2029. Anbefalingerne er givet på "
    "baggrund af arbejdet i den \n"
    "nuværende valgperiode, og handler om de dagsordener, der vurderes "
    "særligt relevant for det nye KKR \n"
    "Hovedstaden at arbejde med.  \n"
    " \n"
    "Anbefalingerne er godkendt på KKR Hovedstadens møde den 24. oktober "
    "2025.\n"
)
# number -> (headline, body)
RECOMMENDATIONS: dict[int, tuple[str, str]] = {
    1: (
        (
            "KKR Hovedstaden skal fortsat investere i tættere samarbejde og styring "
            "på det specialiserede \n"
            "\n"
            "socialområde, så kvaliteten styrkes samtidig med, at der er styr på "
            "økonomien   \n"
        ),
        (
            "KKR Hovedstaden godkendte i september 2025, at kommunerne ønsker at "
            "styrke den fælles udvikling \n"
            "af det specialiserede socialområde gennem nye fælles initiativer, der "
            "skal være med til at sikre en \n"
            "højere grad af styring på kvalitet og pris. Initiativerne skal "
            "godkendes i foråret 2026. "
        ),
    ),
    2: (
        (
            "KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet og "
            "infrastruktur i \n"
            "\n"
            "hovedstadsområdet ved at tydeliggøre behovet for markante, statslige "
            "investeringer i området \n"
        ),
        (
            "KKR Hovedstaden skal fastholde fokus på fremdrift af og "
            "interessevaretagelse i forhold til de fælles \n"
            "prioriterede 7+3 VIP infrastrukturprojekter (2016) og de fem nye "
            "mobilitets- og infrastrukturindsatser, \n"
            "der er prioriteret med den fælles strategi for mobilitet og "
            "infrastruktur (2025).  \n"
        ),
    ),
    3: (
        (
            "KKR Hovedstaden skal fortsat understøtte kommunernes ambitioner på "
            "klimaområdet  \n"
        ),
        (
            "KKR Hovedstaden skal fastholde samarbejdet i Klimaalliancen i "
            "Hovedstadsregionen, der med et højt \n"
            "fagligt niveau understøtter hovedstadskommunernes implementering af "
            "klimaplanerne og tager afsæt i \n"
            "kommunernes lokale såvel som tværkommunale behov. "
        ),
    ),
    4: (
        (
            "KKR Hovedstaden skal arbejde for at sikre stærke rammebetingelser for "
            "erhvervsudvikling og \n"
            "\n"
            "-fremme for hovedstadsområdets kommuner og virksomheder \n"
        ),
        (
            "KKR Hovedstaden skal styrke erhvervsudvikling og erhvervsfremme i "
            "samarbejde med Danmarks \n"
            "Erhvervsfremmebestyrelse, Erhvervshus Hovedstaden, Greater Copenhagen "
            "og øvrige \n"
            "erhvervsfremmeaktører i hovedstadsområdet. Desuden samarbejde om "
            "kommuners og \n"
            "virksomhedernes arbejdskraftbehov med relevante aktører og om "
            "beskæftigelsesindsatser efter \n"
            "reformen. "
        ),
    ),
    5: (
        (
            "KKR Hovedstaden skal fortsat have uddannelse og rekruttering til "
            "velfærdsområderne som \n"
            "\n"
            "centralt fælleskommunalt indsatsområde  \n"
        ),
        (
            "KKR Hovedstaden skal evaluere den fælles taskforce for uddannelse og "
            "rekruttering ift. medarbejdere \n"
            "til velfærdsområderne og fortsat samarbejde med "
            "uddannelsesinstitutionerne, herunder om viden om \n"
            "praktik- og lærepladser. Desuden kan der ses på opdatering af KKR’s "
            "fælles uddannelsesstrategier ift. \n"
            "de nyeste uddannelsesreformer, bl.a. øget fokus på praktik og "
            "vejledning. "
        ),
    ),
    6: (
        (
            "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af "
            "regionens \n"
            "\n"
            "udviklingsmidler og -opgaver bortfalder fra 2026 \n"
        ),
        (
            "Det får betydning særligt for klimaområdet og potentielt for regionens "
            "engagement i Greater \n"
            "Copenhagen-samarbejdet og Greater Copenhagen EU Office, evt. for "
            "mobilitetsområdet. Det kan også \n"
            " betyde, at regionens opgaver ift. at ansøge, medfinansiere og styre "
            "eksternt finansierede projekter som \n"
            "fx EU-projekter med betydning for hele hovedstadsregionen nedskaleres.  "
        ),
    ),
    7: (
        (
            "KKR Hovedstaden skal have fokus på etableringen af fælles "
            "it-driftsenheder  \n"
        ),
        (
            "Opgaven med at etablere nye tværkommunale it-serviceorganisationer, der "
            "inden udgangen af 2027 \n"
            "varetager kommunernes drift af server- og netværksinfrastruktur vil "
            "være betydelig i de kommende år. \n"
            "Det anbefales, at KKR Hovedstaden løbende forholder sig til "
            "fremdriften, herunder fastlæggelse af \n"
            "modeller for samarbejde.  "
        ),
    ),
    8: (
        (
            "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland \n"
        ),
        (
            "Sundhedsreformen vil give et øget samarbejde på sundhedsområdet mellem "
            "kommunerne i \n"
            "Østdanmark. Det er en anledning til, at KKR Hovedstaden og KKR Sjælland "
            "har øget fokus på \n"
            "samarbejder, der kan styrke de østdanske kommuner – fx ift. "
            "infrastruktur, erhvervsfremme eller \n"
            "uddannelse.  "
        ),
    ),
    9: (
        (
            "KKR Hovedstaden vil følge sundhedsreformen  \n"
        ),
        (
            "Det nye Sundhedskoordinationsforum bliver fremadrettet det politiske "
            "omdrejningspunkt for at drøfte \n"
            "sundhedsområdet på tværs af KKR Hovedstaden og KKR Sjælland. Det "
            "anbefales, at KKR Hovedstaden \n"
            "fortsat følger udviklingen på sundhedsområdet og tager drøftelser og "
            "behandler sager om området, når \n"
            "det er relevant.   \n"
            " "
        ),
    ),
}


def recommendation(number: int) -> str:
    headline, body = RECOMMENDATIONS[number]
    return headline + body


DOCUMENT = PREAMBLE + " \n".join(f"➢ {recommendation(n)}" for n in RECOMMENDATIONS)


# The nine headlines exactly as the importer must produce them (whitespace collapsed).
HEADLINES = (
    "KKR Hovedstaden skal fortsat investere i tættere samarbejde og styring på det "
    "specialiserede socialområde, så kvaliteten styrkes samtidig med, at der er styr på "
    "økonomien",
    "KKR Hovedstaden skal fortsat arbejde for forbedret mobilitet og infrastruktur i "
    "hovedstadsområdet ved at tydeliggøre behovet for markante, statslige investeringer i "
    "området",
    "KKR Hovedstaden skal fortsat understøtte kommunernes ambitioner på klimaområdet",
    "KKR Hovedstaden skal arbejde for at sikre stærke rammebetingelser for erhvervsudvikling "
    "og -fremme for hovedstadsområdets kommuner og virksomheder",
    "KKR Hovedstaden skal fortsat have uddannelse og rekruttering til velfærdsområderne som "
    "centralt fælleskommunalt indsatsområde",
    "KKR Hovedstaden skal være opmærksom på konsekvenserne af, at en del af regionens "
    "udviklingsmidler og -opgaver bortfalder fra 2026",
    "KKR Hovedstaden skal have fokus på etableringen af fælles it-driftsenheder",
    "KKR Hovedstaden vil afsøge et styrket samarbejde med KKR Sjælland",
    "KKR Hovedstaden vil følge sundhedsreformen",
)
