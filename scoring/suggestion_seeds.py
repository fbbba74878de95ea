"""Text the comment-suggestion model starts from before anyone has coded a passage.

CONCEPTS are the annex's own descriptions of the five relational value attributes, the six
socio-technical dimensions and the five relational proximity domains (its "Key concepts"
section, verbatim). A statement wording is one short sentence; its attribute and dimension
(or domain) say what it is about in other words, which gives the embedding more to match.

ENABLER_SEEDS and BARRIER_SEEDS are short generic descriptions, written by the developers,
of a comment that reads as an enabler or as a barrier of relationships (the annex's two
headings). They give the cold-start direction from barrier to enabler in embedding space.
Nothing here is statement-specific, so no statement is favoured before coding starts.
"""

CONCEPTS: dict[str, str] = {
    # Relational value attributes
    "integrity": "Integrity: the extent to which there is consistency and cohesiveness between "
    "parties.",
    "respect": "Respect: the extent to which people treat each other with respect.",
    "fairness": "Fairness: the extent to which people have equitable shares in the relationship.",
    "empathy": "Empathy: the extent to which the parties in the relationship have compassion for "
    "each other and demonstrate an understanding of each other's needs.",
    "trust": "Trust: the extent to which people feel they can rely on others in the relationship.",
    # Socio-technical dimensions
    "culture": "Culture: including norms and rules; relations between agencies (including shared "
    "history); mindsets and world views.",
    "vision": "Vision: including ideas about what the future could look like, and expressed goals.",
    "people": "People: including individual staff skills, development and involvement.",
    "process": "Process: including routines, standards, briefings, handovers, and working "
    "patterns.",
    "infrastructure": "Infrastructure: including the physical space, such as transport and "
    "buildings.",
    "technology": "Technology: including the virtual space, such as IT, access to relevant "
    "information sources and technological communication.",
    # Relational proximity domains
    "directness": "Directness: how well people communicate in the relationship.",
    "continuity": "Continuity: the extent to which relationships are consistent over time.",
    "multiplexity": "Multiplexity: how well people in the relationship understand each other.",
    "commonality": "Commonality: the extent to which there are shared aims or goals between "
    "parties in a relationship.",
    "parity": "Parity: the extent to which there are equitable power relations between people in "
    "a relationship.",
}

ENABLER_SEEDS: tuple[str, ...] = (
    "Relationships between the organisations are good and keep getting better.",
    "We work well together, support each other and it really helps.",
    "There has been real improvement and the benefits for patients are clear.",
    "People are listened to, valued, involved and trusted.",
    "It is easy, quick and reliable, and that makes a positive difference.",
    "good better improved improving positive helpful supportive benefit trust open honest easy "
    "valued listened together progress strong excellent effective",
)

BARRIER_SEEDS: tuple[str, ...] = (
    "Relationships between the organisations are poor and getting worse.",
    "There is a lack of trust, a culture of blame and defensive behaviour.",
    "Pressures, cuts and a lack of staff and money make it difficult.",
    "People are ignored, left out and never consulted.",
    "It is slow, unreliable and a constant problem that holds us back.",
    "poor worse lack blame difficult cuts pressure never nobody unable problem fear slow ignored "
    "defensive mistrust risk challenging disheartening not",
)
