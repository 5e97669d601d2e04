"""The words followup ships: the placeholders a message may use and the built-in text
of every message in every tone. The user's own files (`store.templates`) replace them.
"""

from __future__ import annotations

from store.message_kinds import MessageKind, Tone, resolve_tone

FIELDS: dict[str, str] = {
    "first_name": "First name of the person written to (the reference, else the interviewer)",
    "person_name": "Full name of the person written to",
    "person_title": "Job title of the interviewer written to",
    "company": "The company you interviewed with",
    "role": "The role you interviewed for",
    "interview_date": 'Day of the interview, e.g. "Thursday 26 November"',
    "interview_weekday": 'Weekday of the interview, e.g. "Thursday"',
    "when_we_met": '"today", "yesterday" or "on Thursday", as seen from the day of writing',
    "topic": "What you talked about with this interviewer",
    "decision_by": 'The date they said they would decide by, e.g. "Friday 27 November"',
    "timing": "A sentence about their timing; mentions the decision date only if there is one",
    "timeline_question": "A question about their timeline, for a call",
    "call_reason": "Why you are calling; says so when it is not your first follow-up",
    "hiring_manager": "Full name of the hiring manager",
    "hiring_manager_title": "Job title of the hiring manager",
    "hiring_manager_intro": (
        'The hiring manager with their title when known, e.g. "Dana Lee (Head of Data)"'
    ),
    "office_phone": "The number the employer will call your references from",
    "my_name": "Your name",
    "my_phone": "Your phone number",
    "my_email": "Your email address",
    "signature": "Your sign-off (Settings signature, else your name)",
    "interviewer_names": 'Everyone who interviewed you, e.g. "Dana Lee and Sam Ortiz"',
    "round": 'Which interview round, e.g. "2nd"',
    "reference_relationship": "How the reference knows you",
    "reference_names": "The references you listed for this interview",
    "reference_call_thanks": "Thanks that fit whether the employer called the reference",
    "outcome": 'How it ended, in a few words, e.g. "an offer", "not selected"',
    "outcome_news": "A few sentences telling a reference how it ended and what comes next",
    "outcome_brief": 'One short sentence with the outcome, for a text message',
    "call_number": (
        'Where the call will come from: "from 020 7946 0000, which you won\'t recognise", '
        'else "from a number you won\'t recognise"'
    ),
    "ask_about": (
        "What the employer may ask a reference about: the job's key points and what the "
        "reference can speak to (left out when neither is known)"
    ),
    "heads_up_news": (
        "Why a call may come: the interview, or for a further round, that round and whom "
        "you met"
    ),
    "key_points": "What the job is mostly about",
    "thank_opening": "The first line of a thank-you, varied between the people on a panel",
    "thank_middle": (
        "What the conversation gave you; for the hiring manager, the role and next steps"
    ),
    "thank_closing": 'The sign-off line of a thank-you, e.g. "With thanks,"',
    "answer_by": "The day you will answer an offer by (three business days on)",
}

# Fields a message can do without: left empty, their line is dropped rather than
# shown as a gap to fill.
OPTIONAL_FIELDS = frozenset({"ask_about"})


# Emails: the subject on the first line, a blank line, then the body.
TEMPLATES: dict[MessageKind, str] = {
    MessageKind.THANK_EMAIL: """\
Thank you for the $role interview

Dear $first_name,

$thank_opening

I especially enjoyed our conversation about $topic. $thank_middle

If anything would help from my side, such as references or examples of my work, \
I would be glad to send it.

$thank_closing
$signature""",
    MessageKind.THANK_CARD: """\
Dear $first_name,

Thank you for our conversation about the $role role. I especially enjoyed \
talking about $topic, and I came away even more interested in joining $company.

$thank_closing
$signature""",
    MessageKind.REFERENCE_HEADS_UP: """\
A call from $company may be coming

Hi $first_name,

Thank you again for agreeing to be one of my references. $heads_up_news

$hiring_manager_intro may call you about me in the next few \
days. The call will probably come $call_number, so please do pick up if you can.

$ask_about

Could you let me know once they have called? It helps me know where things stand.

I really appreciate your help.

$signature""",
    MessageKind.FOLLOW_UP_EMAIL: """\
Thank you again: $role interview

Dear $first_name,

Thank you again for meeting with me on $interview_date about the $role role. \
$timing

Is there anything else you need from me, such as references or examples of my \
work? I would be happy to send it.

I am still very interested in the role and in joining $company.

Best regards,
$signature""",
    MessageKind.FOLLOW_UP_CALL: """\
Follow-up call: $person_name, $company

- Ask for: $person_name
- Opener: "Hello $first_name, it's $my_name. We spoke on $interview_date about \
the $role role. $call_reason"
- Thank: "I really enjoyed our conversation about $topic, and it left me even \
more interested in the role."
- Ask: "Is there anything else you need from me, such as references or examples \
of my work?"
- Timeline: "$timeline_question"
- Voicemail: "Hello $first_name, this is $my_name. We spoke on $interview_date \
about the $role role, and I wanted to thank you again and ask whether you need \
anything else from me. You can reach me on $my_phone. That's $my_phone. Thank you.\"""",
    MessageKind.SECOND_FOLLOW_UP_EMAIL: """\
$role role at $company

Dear $first_name,

Thank you again for considering me for the $role role. I am still very \
interested, and I would be glad to send anything that would help.

If the role has gone to someone else, I would be grateful to know, and I would \
welcome the chance to be considered for future roles at $company.

Best wishes,
$signature""",
    MessageKind.OFFER_ACCEPT: """\
Accepting the $role offer

Dear $first_name,

Thank you so much for offering me the $role role at $company. I am delighted \
to accept.

I am looking forward to joining the team and to working with everyone I met. \
Please let me know what you need from me next, and when you would like me to \
start.

With thanks,
$signature""",
    MessageKind.OFFER_TIME: """\
Your offer for the $role role

Dear $first_name,

Thank you very much for offering me the $role role at $company. I am really \
pleased to have it.

It is an important decision, and I would like a few days to consider it \
properly. Would it be all right if I gave you my answer by $answer_by? If you \
could send the details of the offer in writing, that would help me greatly.

Thank you again,
$signature""",
    MessageKind.REJECTION_REPLY: """\
Thank you: $role role

Dear $first_name,

Thank you for letting me know about the $role role, and for the time you and \
the team gave me. I am disappointed, but I enjoyed meeting everyone and learning about the work at \
$company.

If you have a moment, I would be grateful for any feedback on how I could have \
been a stronger candidate.

I would very much like to be considered for future roles at $company, and I \
hope our paths cross again.

Best wishes,
$signature""",
    MessageKind.REFERENCE_THANKS: """\
Thank you, and news from $company

Hi $first_name,

$reference_call_thanks

$outcome_news

Having you in my corner made all of this easier, and I am very grateful.

$signature""",
}


# The other variants. A formal message says the same things in fewer, plainer
# words; a LinkedIn message has no subject; a text message fits in two SMS.
VARIANT_TEMPLATES: dict[tuple[MessageKind, Tone], str] = {
    (MessageKind.THANK_EMAIL, Tone.FORMAL): """\
Thank you: $role interview

Dear $person_name,

$thank_opening

I valued our discussion of $topic. $thank_middle

Should any further information be useful, such as references or samples of my \
work, I would be pleased to provide it.

$thank_closing
$signature""",
    (MessageKind.THANK_CARD, Tone.FORMAL): """\
Dear $person_name,

Thank you for meeting with me to discuss the $role position. I valued our \
discussion of $topic, and it confirmed my interest in joining $company.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.FORMAL): """\
Reference for the $role position at $company

Dear $first_name,

Thank you again for agreeing to act as a reference for me. $heads_up_news

$hiring_manager_intro may contact you in the coming days, most likely \
$call_number.

$ask_about

I would be grateful if you could let me know once they have been in touch.

With many thanks,
$signature""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.LINKEDIN): """\
Hi $first_name,

Thank you again for being one of my references. $heads_up_news \
$hiring_manager_intro may call you in the next few days, probably $call_number.

$ask_about

Could you let me know once they have called? Thank you so much.

$my_name""",
    (MessageKind.REFERENCE_HEADS_UP, Tone.TEXT): """\
Hi $first_name, it's $my_name. I gave $company your name as a reference for the \
$role role. $hiring_manager may call you in the next few days $call_number. \
Could you let me know when they do? Thank you!""",
    (MessageKind.FOLLOW_UP_EMAIL, Tone.FORMAL): """\
$role interview on $interview_date

Dear $person_name,

Thank you again for meeting with me on $interview_date to discuss the $role \
position. $timing

If any further information would help, such as references or samples of my \
work, I would be pleased to provide it.

I remain very interested in the position and in joining $company.

Kind regards,
$signature""",
    (MessageKind.FOLLOW_UP_CALL, Tone.FORMAL): """\
Follow-up call: $person_name, $company

- Ask for: $person_name
- Opener: "Hello, this is $my_name. I interviewed with you on $interview_date \
for the $role position. $call_reason"
- Thank: "Our discussion of $topic was very helpful, and it confirmed my \
interest in the position."
- Offer: "If any further information would help, such as references or \
samples of my work, I would be pleased to send it."
- Timeline: "$timeline_question"
- Voicemail: "Hello, this is $my_name. I interviewed for the $role position on \
$interview_date, and I am calling to thank you and to offer any further \
information you may need. I can be reached on $my_phone. That is $my_phone. \
Thank you.\"""",
    (MessageKind.SECOND_FOLLOW_UP_EMAIL, Tone.FORMAL): """\
$role position at $company

Dear $person_name,

I am writing to confirm my continued interest in the $role position. If any \
further information would assist your decision, I would be glad to provide it.

If the position has been filled, I would appreciate knowing, and I would \
welcome being considered for future roles at $company.

Kind regards,
$signature""",
    (MessageKind.OFFER_ACCEPT, Tone.FORMAL): """\
Acceptance of the $role offer

Dear $person_name,

Thank you for offering me the $role position at $company. I am pleased to \
accept.

Please let me know what you need from me and the start date you have in mind.

Kind regards,
$signature""",
    (MessageKind.OFFER_TIME, Tone.FORMAL): """\
Your offer for the $role position

Dear $person_name,

Thank you for offering me the $role position at $company. I would like to \
consider it carefully, and I would be grateful if I could give you my answer by \
$answer_by. The details of the offer in writing would help me do so.

Kind regards,
$signature""",
    (MessageKind.REJECTION_REPLY, Tone.FORMAL): """\
$role position at $company

Dear $person_name,

Thank you for informing me of your decision and for the time you gave me. I \
would welcome any feedback you can share on my application, and I would be glad \
to be considered for future roles at $company.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_THANKS, Tone.FORMAL): """\
Thank you for your reference

Dear $first_name,

$reference_call_thanks

$outcome_news

I am very grateful for your support.

Kind regards,
$signature""",
    (MessageKind.REFERENCE_THANKS, Tone.LINKEDIN): """\
Hi $first_name,

$reference_call_thanks

$outcome_news

Thank you for being in my corner.

$my_name""",
    (MessageKind.REFERENCE_THANKS, Tone.TEXT): """\
Hi $first_name, it's $my_name. $outcome_brief Thank you so much for being my \
reference for the $role role!""",
}


def builtin_template(kind: MessageKind | str, tone: Tone | str | None = None) -> str:
    """The text followup ships for this message and tone."""
    kind = MessageKind(kind)
    tone = resolve_tone(kind, tone)
    if tone is Tone.WARM:
        return TEMPLATES[kind]
    return VARIANT_TEMPLATES[kind, tone]
