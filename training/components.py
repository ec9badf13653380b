"""Hand-written components for the On Record training pairs (see make_pairs.py).

Every person, place, agency and project here is invented, and every sentence was written for
this file. None retells a real U-turn from the news.

Placeholders let one sentence render as a direct quote (first person) or in reported speech
(third person): {I} {me} {my} {am} {have} {do} {was} and {s} (verb ending after {I});
{we} {our} {we_are} {we_have} (the speaker's organisation, named by the subject's `body`).

A Position is one proposition of a subject:
  stance  - ways of saying it (mutually consistent paraphrases, some from another angle),
  detail  - later statements that keep the stance and add detail (consistent),
  flips   - (kind, sentence) statements that contradict the stance.
A SlotPosition is a proposition with a value (a number, place, date or agent): templates take
{v}; values in `same` agree with each other (rounding, other wording), values in `other` clash.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Speaker:
    name: str
    pronoun: str  # "she" | "he"
    title: str
    body: str  # the organisation the speaker speaks for, as "the ministry"


@dataclass(frozen=True)
class Position:
    stance: tuple[str, ...]
    flips: tuple[tuple[str, str], ...]
    detail: tuple[str, ...] = ()


@dataclass(frozen=True)
class SlotPosition:
    kind: str  # number | place | date | agent
    templates: tuple[str, ...]
    same: tuple[str, ...]
    other: tuple[str, ...]


@dataclass(frozen=True)
class Subject:
    key: str
    speaker: Speaker
    positions: tuple[Position, ...]
    slots: tuple[SlotPosition, ...] = field(default=())


S = Subject
P = Position
SP = SlotPosition
K = Speaker

SUBJECTS: tuple[Subject, ...] = (
    S(
        "kessel_bridge",
        K("Maren Tolvik", "she", "the transport minister", "the ministry"),
        (
            P(
                (
                    "The Kessel Strait bridge will open to traffic on schedule.",
                    "There will be no delay to the Kessel Strait bridge.",
                    "The bridge is on track and drivers will be crossing it when we promised.",
                    "Nothing has changed: the crossing opens when it was always meant to.",
                ),
                (
                    ("negation", "The Kessel Strait bridge will not open on schedule."),
                    (
                        "world",
                        "We have asked the contractor for another eighteen months on the bridge.",
                    ),
                    (
                        "world",
                        "Drivers should not expect to use the new crossing before the end of next year at the earliest.",
                    ),
                    (
                        "admitted",
                        "{I} was wrong to promise that the bridge would open on time, and {I} apologise{s} to the people of the strait.",
                    ),
                    (
                        "promise_broken",
                        "The opening of the Kessel Strait bridge has been pushed back indefinitely.",
                    ),
                ),
                (
                    "The bridge opens on schedule, and the toll will be waived for the first month.",
                    "The deck is finished and the crossing will open as planned after safety inspections.",
                ),
            ),
            P(
                (
                    "Not a single cent of the bridge money will come from local councils.",
                    "The councils along the strait will pay nothing towards the bridge.",
                    "The national budget carries the full cost of the crossing.",
                ),
                (
                    (
                        "no_x",
                        "Each council on the strait will contribute towards the cost of the bridge.",
                    ),
                    (
                        "world",
                        "We are sending the councils along the strait a bill for their share of the crossing.",
                    ),
                    (
                        "promise_broken",
                        "The local councils will now have to find a third of the cost of the bridge.",
                    ),
                ),
                (
                    "The state pays for the bridge in full, and the councils keep their road budgets.",
                ),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The Kessel Strait bridge will cost {v}.",
                    "The final bill for the crossing comes to {v}.",
                    "Taxpayers will pay {v} for the bridge, and not a cent more.",
                ),
                (
                    "1.96 billion crowns",
                    "just under two billion crowns",
                    "almost two billion crowns",
                ),
                ("3.4 billion crowns", "1.2 billion crowns", "more than four billion crowns"),
            ),
        ),
    ),
    S(
        "vaccine_rollout",
        K("Dr Ilse Varga", "she", "the health secretary", "the health department"),
        (
            P(
                (
                    "Every adult in Dravenmoor will be offered a vaccine by the end of March.",
                    "By the end of March no adult in Dravenmoor will be left without the offer of a jab.",
                    "We are on course to offer the vaccine to all adults in the province by March.",
                ),
                (
                    (
                        "negation",
                        "We will not be able to offer every adult in Dravenmoor a vaccine by the end of March.",
                    ),
                    (
                        "world",
                        "Supplies have run short and half of the province's adults will have to wait until the summer.",
                    ),
                    ("promise_broken", "The March target for Dravenmoor has been abandoned."),
                    (
                        "admitted",
                        "The March deadline was a mistake, and {I} should never have set it.",
                    ),
                ),
                (
                    "Every adult will be offered a jab by March, and the clinics will stay open at weekends to manage it.",
                ),
            ),
            P(
                (
                    "The vaccine has no serious side effects.",
                    "Not one serious side effect has been recorded in the trials of this vaccine.",
                    "This jab is safe, and the trials found nothing serious.",
                ),
                (
                    (
                        "no_x",
                        "Some patients who received the vaccine suffered serious side effects.",
                    ),
                    (
                        "world",
                        "Eleven people were admitted to intensive care with reactions to the vaccine.",
                    ),
                    (
                        "denial_admitted",
                        "{I} {have} known since the autumn that the trial recorded serious reactions.",
                    ),
                ),
                (
                    "There were no serious side effects, only sore arms and tiredness for a day or two.",
                ),
            ),
        ),
        (
            SP(
                "number",
                (
                    "{v} doses have been delivered to Dravenmoor so far.",
                    "So far the province has received {v} doses.",
                ),
                ("412,000", "over 400,000", "roughly 410,000"),
                ("150,000", "nearly a million", "just 90,000"),
            ),
            SP(
                "agent",
                (
                    "The doses are being given by {v}.",
                    "It is {v} who will give the jabs.",
                ),
                ("family doctors", "local GP surgeries", "general practitioners"),
                ("army medics", "high-street pharmacies", "private clinics"),
            ),
        ),
    ),
    S(
        "fuel_tax",
        K("Oskar Brandt", "he", "the finance minister", "the government"),
        (
            P(
                (
                    "There will be no increase in fuel duty this year.",
                    "Fuel duty stays where it is until next year.",
                    "Motorists will not pay a penny more in fuel duty this year.",
                    "{I} {have} no plans to raise the tax on petrol this year.",
                ),
                (
                    ("no_x", "Fuel duty will rise by four cents a litre in October."),
                    (
                        "world",
                        "From the autumn, drivers will pay more tax every time they fill up.",
                    ),
                    ("promise_broken", "We have had to raise fuel duty after all."),
                    ("admitted", "{I} said fuel duty would not go up, and {I} {was} wrong."),
                    ("negation", "{I} cannot rule out a rise in fuel duty this year."),
                ),
                (
                    "Fuel duty is frozen this year, and the freeze costs the treasury about 300 million.",
                    "No rise in fuel duty this year; hauliers will also keep their rebate.",
                ),
            ),
            P(
                (
                    "The new levy on sugary drinks will raise money for school sports.",
                    "Every crown from the sugar levy goes to sport in schools.",
                    "The drinks levy is there to pay for school sports halls.",
                ),
                (
                    ("world", "The money from the sugar levy will go into the general budget."),
                    ("negation", "The sugar levy will not be spent on school sports."),
                    (
                        "promise_broken",
                        "We are taking the sugar levy money away from school sports to close the deficit.",
                    ),
                ),
                ("The sugar levy funds school sport, starting with forty new halls in the north.",),
            ),
        ),
        (
            SP(
                "date",
                (
                    "The new income tax bands take effect {v}.",
                    "Workers will see the new tax bands on their payslips {v}.",
                ),
                ("in January", "from the first of January", "at the start of January"),
                ("in July", "next autumn", "in two years' time"),
            ),
        ),
    ),
    S(
        "arctic_summit",
        K("Henrik Aalto", "he", "the foreign minister", "the foreign ministry"),
        (
            P(
                (
                    "The Nordvik summit will go ahead as scheduled.",
                    "The summit takes place on the dates we announced.",
                    "There is no question of postponing the Nordvik summit.",
                    "The leaders will meet in Nordvik as planned.",
                ),
                (
                    (
                        "world",
                        "We have asked our partners to delay the Nordvik summit until the spring.",
                    ),
                    ("negation", "The Nordvik summit will not take place as scheduled."),
                    ("world", "The leaders will now meet in Nordvik some time next year."),
                    ("promise_broken", "The summit has been called off."),
                ),
                (
                    "The summit goes ahead as planned, and the agenda now includes fisheries.",
                    "Nordvik will host the leaders as scheduled; security has been doubled.",
                ),
            ),
            P(
                (
                    "We will not sit down with the Solvan delegation.",
                    "There will be no talks with Solvan at the summit.",
                    "{I} {have} refused to meet the Solvan foreign minister.",
                ),
                (
                    (
                        "no_x",
                        "We will hold talks with the Solvan delegation on the second day of the summit.",
                    ),
                    (
                        "world",
                        "{I} had a long and useful dinner with the Solvan foreign minister last night.",
                    ),
                    (
                        "denial_admitted",
                        "Yes, {I} met the Solvan delegation privately before the summit.",
                    ),
                ),
                (
                    "There will be no meeting with Solvan, not in public and not behind closed doors.",
                ),
            ),
        ),
        (
            SP(
                "place",
                (
                    "The summit will be held in {v}.",
                    "Leaders from the eight states will gather in {v}.",
                ),
                ("Nordvik", "the port city of Nordvik", "Nordvik, on the northern coast"),
                ("Kastellholm", "the capital", "Port Alsing"),
            ),
        ),
    ),
    S(
        "harbour_bank",
        K("Annika Lowe", "she", "the central bank governor", "the central bank"),
        (
            P(
                (
                    "Depositors' money at Harbour Savings Bank is completely safe.",
                    "Nobody with savings at Harbour Savings will lose a single crown.",
                    "Harbour Savings is sound, and its customers have nothing to fear.",
                    "The bank has more than enough capital to cover every deposit.",
                ),
                (
                    ("world", "Harbour Savings Bank cannot meet withdrawals."),
                    (
                        "world",
                        "Harbour Savings has been placed under administration and its branches are shut.",
                    ),
                    (
                        "negation",
                        "We cannot guarantee that savers at Harbour Savings will get all their money back.",
                    ),
                    (
                        "world",
                        "Customers of Harbour Savings will be limited to withdrawing 500 crowns a week.",
                    ),
                    (
                        "denial_admitted",
                        "We knew in January that Harbour Savings was short of capital.",
                    ),
                ),
                (
                    "Savers' money is safe; the bank has passed all three of our stress tests this year.",
                ),
            ),
            P(
                (
                    "Interest rates will stay where they are until the summer.",
                    "We do not intend to raise rates before the summer.",
                    "Borrowers can expect no change in rates in the coming months.",
                ),
                (
                    ("world", "We are raising the base rate by half a point from Monday."),
                    ("negation", "Rates will not stay on hold until the summer."),
                    ("admitted", "Our promise to hold rates until the summer no longer stands."),
                ),
                ("Rates are on hold until the summer, and we will review them in July.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "Inflation will fall to {v} by the end of the year.",
                    "We expect prices to be rising at {v} by December.",
                ),
                ("2 per cent", "around two per cent", "2.1 per cent"),
                ("5 per cent", "above six per cent", "four and a half per cent"),
            ),
        ),
    ),
    S(
        "steel_merger",
        K("Tomas Keller", "he", "the competition commissioner", "the commission"),
        (
            P(
                (
                    "We will block the merger of Ostmark Steel and Valder Works.",
                    "The Ostmark-Valder merger will not be allowed to go through.",
                    "This commission will not approve the steel merger.",
                ),
                (
                    ("negation", "We will not block the merger of Ostmark Steel and Valder Works."),
                    (
                        "world",
                        "The commission has cleared the Ostmark-Valder deal with minor conditions.",
                    ),
                    (
                        "world",
                        "Ostmark Steel and Valder Works can combine, provided they sell one plant.",
                    ),
                    (
                        "admitted",
                        "Our objections to the steel merger were misplaced, and we now support it.",
                    ),
                ),
                (
                    "We are blocking the Ostmark-Valder merger because it would leave buyers with a single supplier.",
                ),
            ),
            P(
                (
                    "No jobs will be lost at the Valder plant.",
                    "Every worker at Valder keeps their job.",
                    "The Valder plant's workforce is guaranteed.",
                ),
                (
                    ("no_x", "Four hundred jobs will go at the Valder plant."),
                    (
                        "world",
                        "The Valder plant will close its blast furnace and lay off most of its staff.",
                    ),
                    ("promise_broken", "The job guarantee for Valder has been withdrawn."),
                ),
                ("All jobs at Valder are safe, and the plant will take on fifty apprentices.",),
            ),
        ),
        (
            SP(
                "agent",
                (
                    "The complaint against the merger was brought by {v}.",
                    "It was {v} that first raised concerns about the deal.",
                ),
                ("the carmakers' association", "a group of carmakers", "the car manufacturers"),
                (
                    "the steelworkers' union",
                    "the commission's own economists",
                    "Valder's rivals abroad",
                ),
            ),
        ),
    ),
    S(
        "border_referendum",
        K("Petra Lindqvist", "she", "the prime minister", "the government"),
        (
            P(
                (
                    "There will be no referendum this year.",
                    "A referendum is not on the table for this year.",
                    "The public will not be asked to vote on this in the current year.",
                    "{I} {have} ruled out holding a referendum before next year.",
                ),
                (
                    ("no_x", "The referendum will be held in May."),
                    ("world", "Voters will go to the polls on the border question this autumn."),
                    ("world", "We have set a date for the referendum in September."),
                    (
                        "admitted",
                        "{I} said there would be no vote this year, but circumstances have changed and there will be one.",
                    ),
                ),
                ("No referendum this year; we will first publish a white paper on the border.",),
            ),
            P(
                (
                    "{I} will not step down.",
                    "{I} {am} staying on as prime minister.",
                    "{I} intend{s} to lead the party into the next election.",
                    "There is no question of {me} resigning.",
                ),
                (
                    ("world", "{I} will hand over the leadership at the party conference."),
                    ("negation", "{I} will not lead the party into the next election."),
                    ("world", "{I} {have} asked the party to begin choosing {my} successor."),
                    ("world", "This will be {my} last month in office."),
                    (
                        "promise_broken",
                        "{I} {am} resigning as prime minister with immediate effect.",
                    ),
                ),
                ("{I} {am} staying, and {I} will announce a new cabinet next week.",),
            ),
        ),
    ),
    S(
        "ceasefire",
        K("General Adeyemi Okafor", "he", "the army chief", "the army"),
        (
            P(
                (
                    "Our forces are fully observing the ceasefire in the Tarrow Valley.",
                    "Not one shot has been fired by our troops since the truce began.",
                    "The army is respecting the truce along the whole valley.",
                ),
                (
                    ("world", "Our artillery shelled positions near Tarrow on Tuesday night."),
                    (
                        "denial_admitted",
                        "Our units did open fire across the line on the first night of the truce.",
                    ),
                    ("negation", "Our forces have not observed the ceasefire in every sector."),
                ),
                ("We are keeping the ceasefire, and monitors are welcome to visit our positions.",),
            ),
            P(
                (
                    "We will withdraw from the Tarrow Valley within thirty days.",
                    "Our troops will have left the valley within a month.",
                    "The withdrawal from Tarrow will be complete in thirty days.",
                ),
                (
                    ("negation", "We will not withdraw from the Tarrow Valley."),
                    (
                        "world",
                        "Our troops will stay in the valley until a political settlement is signed.",
                    ),
                    (
                        "promise_broken",
                        "The withdrawal has been halted and our units are staying put.",
                    ),
                ),
                ("We will leave the valley within thirty days, starting with the heavy armour.",),
            ),
        ),
        (
            SP(
                "place",
                (
                    "The ceasefire talks will take place in {v}.",
                    "Negotiators from both sides will meet in {v}.",
                ),
                ("Lake Arven", "a hotel on Lake Arven", "the lakeside town of Arven"),
                ("the capital", "Bremholt", "a base on the coast"),
            ),
        ),
    ),
    S(
        "school_closures",
        K("Councillor Ruth Abara", "she", "the education chief", "the council"),
        (
            P(
                (
                    "No schools in the district will close.",
                    "Every school in the district will stay open.",
                    "There are no plans to shut any of our schools.",
                    "{I} will not close a single school.",
                ),
                (
                    ("no_x", "Three primary schools in the district will close in the summer."),
                    (
                        "world",
                        "Pupils at Millbrook and Sandhill will move to new schools in September when their buildings shut.",
                    ),
                    (
                        "promise_broken",
                        "The council has voted to merge five schools and close the old buildings.",
                    ),
                    (
                        "admitted",
                        "{I} promised parents that no school would close, and {I} {am} sorry that {I} cannot keep that promise.",
                    ),
                ),
                ("No schools will close; two of them will get new classrooms next year.",),
            ),
            P(
                (
                    "Schools will reopen on Monday after the storm.",
                    "Pupils will be back in class on Monday.",
                    "We expect every classroom to be open again on Monday.",
                ),
                (
                    ("world", "Schools will stay shut for at least another week."),
                    ("date", "Schools will reopen on Thursday at the earliest."),
                    ("negation", "Schools will not reopen on Monday."),
                ),
                ("Schools reopen on Monday, with buses running on the usual routes.",),
            ),
        ),
    ),
    S(
        "orlen_dam",
        K("Viktor Halasz", "he", "the water minister", "the ministry"),
        (
            P(
                (
                    "The Orlen dam is structurally sound.",
                    "There is nothing wrong with the Orlen dam.",
                    "Engineers have found no weakness in the dam wall.",
                    "People living below the dam have no reason to worry.",
                ),
                (
                    ("world", "Residents below the Orlen dam are being evacuated as a precaution."),
                    ("world", "Engineers found cracks in the dam wall last week."),
                    (
                        "denial_admitted",
                        "{I} had seen the engineers' warning about the dam before the flood.",
                    ),
                    ("negation", "{I} cannot say that the Orlen dam is safe."),
                ),
                (
                    "The dam is sound; it was inspected in April and the next check is due in October.",
                ),
            ),
            P(
                (
                    "{I} never saw the engineers' report on the Orlen dam.",
                    "The inspection report never reached {my} desk.",
                    "Nobody showed {me} the report on the dam.",
                ),
                (
                    (
                        "denial_admitted",
                        "{I} read the engineers' report in March and passed it on to the regional office.",
                    ),
                    (
                        "world",
                        "{My} office received the dam inspection report and {I} discussed it with the engineers.",
                    ),
                    ("admitted", "It was wrong of {me} to say {I} had not seen the report."),
                ),
                ("{I} did not see the report; it went straight to the regional office.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The repairs to the dam will cost {v}.",
                    "We have set aside {v} to strengthen the dam.",
                ),
                ("38 million", "about 40 million", "nearly 40 million"),
                ("12 million", "110 million", "more than 200 million"),
            ),
        ),
    ),
    S(
        "trade_deal",
        K("Sofia Marchetti", "she", "the trade minister", "the government"),
        (
            P(
                (
                    "The trade deal with Kelvaria will protect our farmers.",
                    "Our farmers will not be undercut by imports under the Kelvaria deal.",
                    "The agreement keeps tariffs on Kelvarian beef and grain.",
                ),
                (
                    (
                        "world",
                        "Under the Kelvaria deal, tariffs on beef and grain will be scrapped.",
                    ),
                    ("world", "Kelvarian beef will enter our market duty-free from next year."),
                    ("negation", "The Kelvaria deal does not protect our farmers."),
                ),
                ("Farmers are protected, and there is a safeguard clause if imports surge.",),
            ),
            P(
                (
                    "We will sign the Kelvaria agreement before the end of the year.",
                    "The deal with Kelvaria will be signed this year.",
                    "Signing is set for December.",
                ),
                (
                    ("world", "Talks with Kelvaria have been suspended."),
                    (
                        "date",
                        "The Kelvaria deal will not be signed before the middle of next year.",
                    ),
                    ("promise_broken", "There will be no agreement with Kelvaria this year."),
                ),
                (
                    "We will sign with Kelvaria this year; the final round of talks starts next week.",
                ),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The deal will add {v} to our exports every year.",
                    "Exporters stand to gain {v} a year from the agreement.",
                ),
                ("2.5 billion", "two and a half billion", "about 2.5 billion"),
                ("600 million", "nine billion", "less than a billion"),
            ),
        ),
    ),
    S(
        "tram_line",
        K("Mayor Lukas Fenner", "he", "the mayor", "the city"),
        (
            P(
                (
                    "We are scrapping the Eastside tram line.",
                    "The Eastside tram will not be built.",
                    "The city has dropped the tram line to Eastside.",
                ),
                (
                    (
                        "admitted",
                        "Scrapping the Eastside tram line was an error, and we will build it after all.",
                    ),
                    ("negation", "We are not scrapping the Eastside tram line."),
                    ("world", "Construction of the Eastside tram starts in the spring."),
                    ("world", "The first trams will run to Eastside in three years."),
                ),
                ("The tram is cancelled; the money will go to electric buses instead.",),
            ),
            P(
                (
                    "Bus fares in the city will be frozen for two years.",
                    "Fares will not go up until the year after next.",
                    "Passengers will pay the same fare for the next two years.",
                ),
                (
                    ("world", "A single bus ticket will cost twenty cents more from April."),
                    ("negation", "We cannot freeze bus fares."),
                    ("promise_broken", "The fare freeze is over."),
                ),
                ("Fares are frozen for two years, and children under twelve travel free.",),
            ),
        ),
        (
            SP(
                "date",
                (
                    "The new bus depot will open {v}.",
                    "Buses will start running from the new depot {v}.",
                ),
                ("in March", "early in March", "at the beginning of March"),
                ("in November", "next year", "in the summer"),
            ),
        ),
    ),
    S(
        "hoax_outbreak",
        K("Senator Joanna Pike", "she", "the senator", "her office"),
        (
            P(
                (
                    "The reports of an outbreak in Westfold are a hoax.",
                    "There is no outbreak in Westfold.",
                    "Talk of a disease spreading in Westfold is scaremongering.",
                ),
                (
                    (
                        "admitted",
                        "{I} was too quick to call the Westfold outbreak a hoax, and {I} {am} sorry.",
                    ),
                    (
                        "no_x",
                        "There is a serious outbreak in Westfold and people should follow the health advice.",
                    ),
                    (
                        "world",
                        "Westfold's hospitals are treating dozens of patients with the infection.",
                    ),
                ),
                ("The Westfold story is a hoax; the health board has confirmed no cases.",),
            ),
            P(
                (
                    "{I} will vote for the hospital funding bill.",
                    "{I} support{s} the hospital funding bill.",
                    "The hospital bill has {my} full backing.",
                ),
                (
                    ("negation", "{I} will not vote for the hospital funding bill."),
                    ("world", "{I} voted against the hospital bill this morning."),
                    ("admitted", "{I} {have} withdrawn {my} support for the hospital bill."),
                ),
                (
                    "{I} will vote for the bill, and {I} will also table an amendment on rural clinics.",
                ),
            ),
        ),
    ),
    S(
        "crime_figures",
        K("Commissioner Dara Quinn", "she", "the police commissioner", "the police"),
        (
            P(
                (
                    "Burglaries in the city fell by a fifth last year.",
                    "Break-ins were down twenty per cent last year.",
                    "There were a fifth fewer burglaries last year than the year before.",
                ),
                (
                    ("admitted", "We withdraw the burglary figures we gave last week."),
                    ("world", "Burglaries actually rose last year."),
                    ("number", "Burglaries fell by two per cent last year."),
                    ("admitted", "The figures on burglary that we published were wrong."),
                ),
                ("Burglaries fell by a fifth, with the biggest drop in the old town.",),
            ),
            P(
                (
                    "No officer was involved in the shooting at Greyhaven.",
                    "Police officers played no part in the Greyhaven shooting.",
                    "None of our officers fired a weapon at Greyhaven.",
                ),
                (
                    ("denial_admitted", "An off-duty officer fired the shot at Greyhaven."),
                    ("no_x", "Two of our officers were involved in the shooting at Greyhaven."),
                    ("agent", "The shot at Greyhaven came from a police marksman."),
                ),
                ("No officer was involved; the weapon belonged to a private security guard.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "We will put {v} new officers on the streets.",
                    "The force is recruiting {v} officers this year.",
                ),
                ("600", "six hundred", "around 600"),
                ("150", "2,000", "fewer than 100"),
            ),
        ),
    ),
    S(
        "airport_expansion",
        K("Erik Sandvold", "he", "the infrastructure minister", "the government"),
        (
            P(
                (
                    "There will be no third runway at Halden airport.",
                    "Halden will not get a third runway while {I} {am} minister.",
                    "The government has ruled out expanding Halden airport.",
                ),
                (
                    ("no_x", "Halden airport will get its third runway."),
                    ("world", "We have approved the expansion of Halden airport."),
                    ("promise_broken", "Work on the third runway at Halden begins next year."),
                    ("admitted", "{I} {have} changed {my} mind about the Halden runway."),
                ),
                (
                    "No third runway at Halden; we will improve the rail link to the airport instead.",
                ),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The expansion will bring {v} new jobs.",
                    "{v} jobs will be created by the new terminal.",
                ),
                ("8,000", "eight thousand", "around 8,000"),
                ("2,000", "30,000", "a few hundred"),
            ),
            SP(
                "place",
                (
                    "The new cargo terminal will be built at {v}.",
                    "Freight flights will move to {v}.",
                ),
                ("Halden", "Halden's northern site", "the Halden airfield"),
                ("Varnholm", "the old naval base at Skarpe", "Tessaly"),
            ),
        ),
    ),
    S(
        "pension_age",
        K("Greta Nilsen", "she", "the labour minister", "the government"),
        (
            P(
                (
                    "The pension age will not rise.",
                    "Nobody will have to work longer to get their pension.",
                    "The retirement age stays at sixty-five.",
                    "We will keep the state pension age at sixty-five.",
                ),
                (
                    ("negation", "The pension age will rise."),
                    ("world", "People born after 1975 will retire at sixty-seven."),
                    ("number", "The state pension age goes up to sixty-eight."),
                    ("promise_broken", "We have no choice but to raise the retirement age."),
                ),
                ("The pension age stays at sixty-five, and pensions will rise with prices.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "Pensions will rise by {v} next year.",
                    "Pensioners will get an increase of {v}.",
                ),
                ("3.1 per cent", "about three per cent", "just over three per cent"),
                ("8 per cent", "one per cent", "nothing"),
            ),
        ),
    ),
    S(
        "mine_licence",
        K("Jonas Reyes", "he", "the environment minister", "the ministry"),
        (
            P(
                (
                    "We will not grant a licence for the Blackmere mine.",
                    "The Blackmere mine will never be approved under this government.",
                    "There will be no mining at Blackmere.",
                ),
                (
                    ("world", "The Blackmere mine has been given its licence."),
                    ("no_x", "Mining at Blackmere will begin next spring."),
                    ("negation", "We will grant a licence for the Blackmere mine."),
                    ("denial_admitted", "{I} signed the Blackmere licence in February."),
                ),
                ("No licence for Blackmere; the wetland there is protected.",),
            ),
            P(
                (
                    "The river is clean and safe to swim in.",
                    "The water in the Lessing river meets every safety standard.",
                    "Swimmers in the Lessing river are not at risk.",
                ),
                (
                    (
                        "world",
                        "Swimming in the Lessing river has been banned after tests found sewage.",
                    ),
                    ("negation", "The Lessing river is not safe to swim in."),
                    ("world", "Tests show the Lessing is polluted along most of its length."),
                ),
                ("The river is safe; it has been tested every week since June.",),
            ),
        ),
    ),
    S(
        "hospital_closure",
        K("Dr Samuel Achterberg", "he", "the health board chairman", "the health board"),
        (
            P(
                (
                    "The maternity unit at St Brigid's will stay open.",
                    "St Brigid's will keep its maternity unit.",
                    "Mothers will still be able to give birth at St Brigid's.",
                ),
                (
                    (
                        "world",
                        "Births will move from St Brigid's to the county hospital in the new year.",
                    ),
                    ("negation", "The maternity unit at St Brigid's will not stay open."),
                    (
                        "promise_broken",
                        "The board has voted to close the maternity unit at St Brigid's.",
                    ),
                ),
                ("The unit stays open and will get two more midwives.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The waiting list stands at {v} patients.",
                    "There are {v} people waiting for surgery.",
                ),
                ("14,800", "nearly 15,000", "about fifteen thousand"),
                ("6,000", "over 40,000", "about 9,000"),
            ),
            SP(
                "date",
                (
                    "The new wing will open {v}.",
                    "Patients will be treated in the new wing {v}.",
                ),
                ("next month", "in the coming weeks", "within a month"),
                ("in three years", "at the end of the decade", "after the election"),
            ),
        ),
    ),
    S(
        "energy_prices",
        K("Lena Vogt", "she", "the energy secretary", "the department"),
        (
            P(
                (
                    "Household energy bills will not go up this winter.",
                    "Families will pay no more for heating this winter.",
                    "The price cap keeps bills flat through the winter.",
                ),
                (
                    ("negation", "Household energy bills will go up this winter."),
                    (
                        "world",
                        "The typical household will pay 200 crowns more for energy from November.",
                    ),
                    ("world", "We are lifting the price cap in October."),
                    (
                        "admitted",
                        "{I} told families their bills would not rise, and that turned out to be wrong.",
                    ),
                ),
                ("Bills stay flat this winter, and pensioners get an extra heating payment.",),
            ),
            P(
                (
                    "We will close the last coal plant by 2030.",
                    "Coal power ends by 2030.",
                    "The Kragmoor coal station will be shut before the end of the decade.",
                ),
                (
                    ("date", "The Kragmoor coal station will run until 2040."),
                    ("world", "We are extending the life of the coal plant at Kragmoor."),
                    ("negation", "We will not close the last coal plant by 2030."),
                ),
                ("Coal ends by 2030, and the Kragmoor site will become a solar farm.",),
            ),
        ),
    ),
    S(
        "housing_target",
        K("Marcus Oyelaran", "he", "the housing minister", "the ministry"),
        (
            P(
                (
                    "We will build 300,000 homes a year.",
                    "The target of 300,000 new homes a year stands.",
                    "Three hundred thousand homes will be built every year.",
                ),
                (
                    ("admitted", "The 300,000 target was never realistic, and we are dropping it."),
                    ("number", "We will build 120,000 homes a year."),
                    ("world", "The annual housing target has been scrapped."),
                ),
                ("We will build 300,000 homes a year, a third of them for social rent.",),
            ),
            P(
                (
                    "Developers will not be allowed to build on the green belt.",
                    "The green belt is protected.",
                    "No homes will go up on green-belt land.",
                ),
                (
                    ("no_x", "Some green-belt land will be released for new homes."),
                    ("world", "We are allowing building on fields outside Harwick."),
                    ("negation", "The green belt is not off limits to developers."),
                ),
                ("The green belt stays protected; we will build on old industrial land.",),
            ),
        ),
    ),
    S(
        "railway_strike",
        K("Claire Dubois", "she", "the rail union leader", "the union"),
        (
            P(
                (
                    "The strike on Monday will go ahead.",
                    "Our members will walk out on Monday as planned.",
                    "There will be no trains on Monday because of the strike.",
                ),
                (
                    ("world", "We have called off Monday's strike."),
                    ("negation", "Monday's strike will not go ahead."),
                    ("world", "Trains will run normally on Monday after we reached a deal."),
                ),
                ("The strike goes ahead on Monday, and a second one is planned for Friday.",),
            ),
            P(
                (
                    "We will never accept the pay offer.",
                    "The pay offer is unacceptable to our members.",
                    "The union rejects the offer.",
                ),
                (
                    ("world", "We have recommended that our members accept the offer."),
                    ("negation", "The pay offer is acceptable."),
                    ("world", "The union has signed the pay deal."),
                ),
                ("We reject the offer; it does not keep up with prices.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "Our members want a pay rise of {v}.",
                    "The union is asking for {v}.",
                ),
                ("9 per cent", "nine per cent", "around 9 per cent"),
                ("3 per cent", "fifteen per cent", "20 per cent"),
            ),
        ),
    ),
    S(
        "football_stadium",
        K("Mayor Irene Castellan", "she", "the mayor", "the city"),
        (
            P(
                (
                    "No public money will go into the new stadium.",
                    "The club pays for the stadium itself.",
                    "Taxpayers will not fund the new ground.",
                ),
                (
                    ("no_x", "The city will lend the club 40 million for the new stadium."),
                    (
                        "world",
                        "The council is paying for the roads and car parks around the stadium and half of the stand.",
                    ),
                    (
                        "promise_broken",
                        "We have agreed to put public money into the stadium after all.",
                    ),
                ),
                ("The club pays for the stadium; we only handle the planning permission.",),
            ),
        ),
        (
            SP(
                "place",
                (
                    "The new stadium will be built {v}.",
                    "The club will move to a site {v}.",
                ),
                (
                    "at the old gasworks",
                    "on the former gasworks site",
                    "by the river at the gasworks",
                ),
                ("in the Elmfield park", "out by the motorway", "at the airport"),
            ),
            SP(
                "number",
                (
                    "The stadium will hold {v} fans.",
                    "There will be seats for {v} supporters.",
                ),
                ("32,000", "about 32,000", "thirty-two thousand"),
                ("18,000", "50,000", "60,000"),
            ),
        ),
    ),
    S(
        "data_leak",
        K("Nadia Farouk", "she", "the interior minister", "the ministry"),
        (
            P(
                (
                    "No personal data was lost in the cyber attack.",
                    "Citizens' records were not touched by the hackers.",
                    "The attackers did not get at anyone's personal details.",
                ),
                (
                    ("no_x", "The hackers took the addresses of two million citizens."),
                    (
                        "denial_admitted",
                        "We now know that personal records were copied during the attack.",
                    ),
                    (
                        "world",
                        "Everyone on the electoral roll should change their passwords and watch for fraud.",
                    ),
                ),
                ("No personal data was lost; the attack only hit the ministry's public website.",),
            ),
            P(
                (
                    "The attack was carried out by a criminal gang.",
                    "Criminals, not a foreign state, were behind the hack.",
                    "This was the work of a gang after money.",
                ),
                (
                    ("agent", "The attack was carried out by a foreign intelligence service."),
                    ("agent", "A contractor inside the ministry let the attackers in."),
                    ("negation", "This was not the work of criminals."),
                ),
                ("It was a criminal gang, and they demanded a ransom in cryptocurrency.",),
            ),
        ),
    ),
    S(
        "ferry_contract",
        K("Angus McBride", "he", "the islands minister", "the government"),
        (
            P(
                (
                    "The two new ferries will be delivered next year.",
                    "Islanders will have their new ferries next year.",
                    "The ferries are due in service next year.",
                ),
                (
                    ("date", "The new ferries will not be ready for another four years."),
                    ("world", "The shipyard building the ferries has gone bust."),
                    ("promise_broken", "The ferry order has been cancelled."),
                ),
                ("The ferries arrive next year; the first will serve the northern isles.",),
            ),
            P(
                (
                    "{I} did not know about the cost overrun on the ferries.",
                    "Nobody told {me} the ferries were over budget.",
                    "The overspend was never reported to {me}.",
                ),
                (
                    ("denial_admitted", "{I} was briefed on the ferry overspend in the spring."),
                    ("world", "{I} signed off the extra money for the ferries {myself}."),
                    ("admitted", "{I} should have said earlier that {I} knew about the overrun."),
                ),
                ("{I} did not know; the shipyard kept the figures from the department.",),
            ),
        ),
        (
            SP(
                "agent",
                (
                    "The ferries are being built by {v}.",
                    "The contract to build the ferries went to {v}.",
                ),
                ("the Ardmore yard", "Ardmore Shipbuilders", "the yard at Ardmore"),
                ("a yard in Korvia", "the navy dockyard", "a Tessalian firm"),
            ),
        ),
    ),
    S(
        "police_chief_resign",
        K("Chief Constable Mark Olufemi", "he", "the chief constable", "the force"),
        (
            P(
                (
                    "{I} {have} no intention of resigning.",
                    "{I} will see out {my} contract.",
                    "{I} {am} not going anywhere.",
                ),
                (
                    ("world", "{I} {have} handed {my} notice to the police board."),
                    ("world", "Today is {my} last day in charge of the force."),
                    ("negation", "{I} will not see out {my} contract."),
                ),
                ("{I} {am} staying, and {I} will publish a plan to rebuild trust next month.",),
            ),
            P(
                (
                    "The force acted lawfully at the Carrick Square protest.",
                    "Every arrest at Carrick Square was lawful.",
                    "Officers at Carrick Square stayed within the law.",
                ),
                (
                    (
                        "admitted",
                        "Some arrests at Carrick Square were unlawful, and {I} apologise{s} to those held.",
                    ),
                    (
                        "world",
                        "We are paying compensation to the people wrongly arrested at Carrick Square.",
                    ),
                    ("negation", "Not every arrest at Carrick Square was lawful."),
                ),
                ("The force acted within the law, and body-camera footage shows it.",),
            ),
        ),
    ),
    S(
        "port_privatisation",
        K("Ingrid Solheim", "she", "the industry minister", "the government"),
        (
            P(
                (
                    "The port of Alsing will remain in public hands.",
                    "We will not sell the port.",
                    "Alsing port is not for sale.",
                ),
                (
                    (
                        "world",
                        "We have agreed to sell a majority stake in Alsing port to a shipping group.",
                    ),
                    ("negation", "The port of Alsing will not remain in public hands."),
                    ("promise_broken", "The sale of Alsing port goes ahead next month."),
                    ("denial_admitted", "We have been in talks to sell the port since last year."),
                ),
                ("The port stays public, and we will invest in a new container quay.",),
            ),
        ),
        (
            SP(
                "agent",
                (
                    "The offer for the port came from {v}.",
                    "The bid was made by {v}.",
                ),
                ("a pension fund", "the national pension fund", "a group of pension funds"),
                ("a foreign state company", "the port's own managers", "a hedge fund"),
            ),
        ),
    ),
    S(
        "wildfire_response",
        K("Governor Camila Reyes", "she", "the governor", "the state"),
        (
            P(
                (
                    "The wildfire is under control.",
                    "Firefighters have contained the blaze.",
                    "The fire near Pinecrest is no longer spreading.",
                ),
                (
                    ("world", "The fire has jumped the highway and is heading for Pinecrest."),
                    ("negation", "The wildfire is not under control."),
                    ("world", "We are ordering everyone in Pinecrest to evacuate now."),
                ),
                ("The fire is contained, and crews will stay to put out hot spots.",),
            ),
            P(
                (
                    "The state had enough firefighters on the ground.",
                    "There was no shortage of crews.",
                    "We had all the firefighters we needed.",
                ),
                (
                    (
                        "admitted",
                        "We did not have enough crews, and {I} take{s} responsibility for that.",
                    ),
                    (
                        "world",
                        "We had to borrow four hundred firefighters from neighbouring states because we were short.",
                    ),
                    ("no_x", "There was a shortage of firefighters in the first days."),
                ),
                ("There were enough crews; two hundred more were on standby.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The fire has destroyed {v} homes.",
                    "{v} houses have been lost to the fire.",
                ),
                ("212", "more than two hundred", "about 210"),
                ("40", "over a thousand", "a handful of"),
            ),
        ),
    ),
    S(
        "election_date",
        K("Paul Wexford", "he", "the electoral commissioner", "the commission"),
        (
            P(
                (
                    "The election will be held on the date set in law.",
                    "Polling day will not move.",
                    "The vote goes ahead on the legal date.",
                ),
                (
                    ("world", "We have asked parliament to postpone the election by six months."),
                    ("negation", "The election will not be held on the date set in law."),
                    ("world", "Polling day has been moved to the spring."),
                ),
                ("The election is on the legal date; postal voting opens three weeks before.",),
            ),
            P(
                (
                    "There was no fraud in the count.",
                    "The count was clean.",
                    "Not a single fraudulent ballot was found.",
                ),
                (
                    ("no_x", "We found fraudulent ballots in four districts."),
                    (
                        "world",
                        "Officials in Marsh district have been charged with stuffing ballot boxes.",
                    ),
                    (
                        "denial_admitted",
                        "We knew about irregularities in the count before we certified it.",
                    ),
                ),
                ("The count was clean, and the observers agreed.",),
            ),
        ),
    ),
    S(
        "fishing_quota",
        K("Eamon Gallagher", "he", "the fisheries minister", "the ministry"),
        (
            P(
                (
                    "Our fishermen will get a bigger cod quota next year.",
                    "The cod quota goes up next year.",
                    "Boats will be able to land more cod next year.",
                ),
                (
                    ("world", "The cod quota will be cut by a quarter next year."),
                    ("negation", "Our fishermen will not get a bigger cod quota next year."),
                    ("world", "Cod fishing will be banned in the northern grounds next year."),
                ),
                ("The cod quota rises next year, and the haddock quota stays the same.",),
            ),
        ),
        (
            SP(
                "place",
                (
                    "The new fish market will be built in {v}.",
                    "The fish auction will move to {v}.",
                ),
                ("Kilbarra", "the harbour at Kilbarra", "Kilbarra harbour"),
                ("Dunmore", "the capital", "Rosslane"),
            ),
        ),
    ),
    S(
        "refugee_camp",
        K("Hana Petrov", "she", "the migration minister", "the ministry"),
        (
            P(
                (
                    "The reception centre at Velm will close this year.",
                    "Velm will be shut down by December.",
                    "We are closing the Velm centre before the year is out.",
                ),
                (
                    ("world", "The Velm centre is being expanded to hold twice as many people."),
                    ("negation", "The reception centre at Velm will not close this year."),
                    ("promise_broken", "Velm will stay open for the foreseeable future."),
                ),
                ("Velm closes this year; families will move to housing in the towns.",),
            ),
            P(
                (
                    "No children are held at Velm.",
                    "There are no minors in the Velm centre.",
                    "Children are never detained at Velm.",
                ),
                (
                    ("no_x", "Forty children are being held at Velm."),
                    ("denial_admitted", "Some unaccompanied minors were held at Velm last month."),
                    (
                        "world",
                        "The school inspectors visited the classrooms inside the Velm centre.",
                    ),
                ),
                ("No children are held there; families go to open housing.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The centre holds {v} people.",
                    "There are {v} asylum seekers at the centre.",
                ),
                ("1,180", "about 1,200", "nearly twelve hundred"),
                ("400", "3,000", "fewer than 500"),
            ),
        ),
    ),
    S(
        "military_contract",
        K("Colonel Birgit Haugen", "she", "the defence procurement chief", "the agency"),
        (
            P(
                (
                    "The new helicopters will be built at home.",
                    "Our own factories will build the helicopters.",
                    "The helicopter contract stays in the country.",
                ),
                (
                    (
                        "world",
                        "The helicopters will be bought off the shelf from an overseas maker.",
                    ),
                    ("place", "The helicopters will be assembled abroad and flown in."),
                    ("negation", "The helicopters will not be built at home."),
                ),
                ("They will be built at home, at the Sorvik plant, with local steel.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "We are ordering {v} helicopters.",
                    "The order is for {v} aircraft.",
                ),
                ("24", "two dozen", "twenty-four"),
                ("12", "forty", "six"),
            ),
            SP(
                "date",
                (
                    "The first helicopters arrive {v}.",
                    "The squadron will take its first helicopters {v}.",
                ),
                ("in 2027", "in the spring of 2027", "early in 2027"),
                ("in 2031", "next month", "in 2025"),
            ),
        ),
    ),
    S(
        "university_fees",
        K("Professor Adaeze Nwosu", "she", "the education minister", "the government"),
        (
            P(
                (
                    "University tuition will stay free.",
                    "Students will not pay tuition fees.",
                    "There will be no fees for university courses.",
                    "{I} will never introduce tuition fees.",
                ),
                (
                    ("no_x", "Students will pay fees of 3,000 crowns a year from next autumn."),
                    ("world", "Universities will be allowed to charge for tuition."),
                    ("promise_broken", "We are bringing in tuition fees."),
                    (
                        "admitted",
                        "{I} promised free tuition and {I} {have} had to break that promise.",
                    ),
                ),
                ("Tuition stays free, and grants for living costs will rise.",),
            ),
        ),
    ),
    S(
        "water_shortage",
        K("Rafael Moreno", "he", "the head of the water board", "the water board"),
        (
            P(
                (
                    "There will be no hosepipe ban this summer.",
                    "Gardeners can water as usual this summer.",
                    "Reservoirs are full enough to avoid any restrictions.",
                ),
                (
                    ("no_x", "A hosepipe ban starts on Friday."),
                    (
                        "world",
                        "From next week, watering gardens with a hose will be against the rules.",
                    ),
                    ("world", "The reservoirs are at their lowest level in forty years."),
                ),
                ("No hosepipe ban this summer, though we ask people to use water wisely.",),
            ),
            P(
                (
                    "The water in Elsfield is safe to drink.",
                    "Tap water in Elsfield is fine.",
                    "People in Elsfield can drink the water from the tap.",
                ),
                (
                    ("world", "People in Elsfield must boil their water before drinking it."),
                    ("negation", "Tap water in Elsfield is not safe to drink."),
                    ("denial_admitted", "We found bacteria in Elsfield's supply two weeks ago."),
                ),
                ("Elsfield's water is safe; it is tested every day.",),
            ),
        ),
    ),
    S(
        "climate_target",
        K("Freya Andersen", "she", "the climate minister", "the government"),
        (
            P(
                (
                    "We will reach net zero by 2045.",
                    "The country will be carbon neutral by 2045.",
                    "2045 remains our net zero date.",
                ),
                (
                    ("date", "Net zero by 2060 is the realistic goal."),
                    ("world", "We are pushing back our net zero target by fifteen years."),
                    ("admitted", "The 2045 target was a mistake and we are dropping it."),
                ),
                ("Net zero by 2045, with the power sector clean by 2035.",),
            ),
            P(
                (
                    "The ban on new petrol cars starts in 2030.",
                    "From 2030, no new petrol cars will be sold.",
                    "New petrol cars will be off the market from 2030.",
                ),
                (
                    ("date", "The ban on new petrol cars has been moved to 2035."),
                    (
                        "world",
                        "Dealers will be allowed to keep selling new petrol cars after 2030.",
                    ),
                    ("negation", "There will be no ban on new petrol cars in 2030."),
                ),
                ("The petrol car ban starts in 2030; hybrids get five more years.",),
            ),
        ),
    ),
    S(
        "gas_pipeline",
        K("Dmitri Vasko", "he", "the energy minister", "the ministry"),
        (
            P(
                (
                    "The Baltway pipeline has nothing to do with politics.",
                    "The pipeline is a purely commercial project.",
                    "Baltway is about business, not politics.",
                ),
                (
                    (
                        "world",
                        "Baltway gives us leverage over our neighbours, and we intend to use it.",
                    ),
                    ("negation", "The Baltway pipeline is not a purely commercial project."),
                    (
                        "world",
                        "We will cut the gas flowing through Baltway unless the sanctions are lifted.",
                    ),
                ),
                ("Baltway is commercial; it is owned by five private companies.",),
            ),
        ),
        (
            SP(
                "date",
                (
                    "Gas will start flowing through the pipeline {v}.",
                    "The pipeline comes on stream {v}.",
                ),
                ("in October", "this October", "early in October"),
                ("in two years", "next spring", "in 2030"),
            ),
            SP(
                "place",
                (
                    "The pipeline will come ashore at {v}.",
                    "The landing point for the pipeline is {v}.",
                ),
                ("Kelm Point", "the Kelm peninsula", "Kelm"),
                ("Rosvik", "the old naval harbour", "Brenna bay"),
            ),
        ),
    ),
    S(
        "stadium_crush",
        K("Superintendent Neil Harrow", "he", "the match commander", "the police"),
        (
            P(
                (
                    "The gates were opened on the orders of the stewards.",
                    "It was the stewards who opened the gates.",
                    "The decision to open the gates was taken by the club's stewards.",
                ),
                (
                    ("agent", "{I} gave the order to open the gates."),
                    ("agent", "The gates were opened on police orders."),
                    (
                        "admitted",
                        "It was wrong of {me} to blame the stewards for opening the gates.",
                    ),
                ),
                ("The stewards opened the gates, after the turnstiles jammed.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "{v} people were hurt in the crush.",
                    "The crush left {v} fans injured.",
                ),
                ("37", "thirty-seven", "nearly forty"),
                ("5", "more than a hundred", "twelve"),
            ),
        ),
    ),
    S(
        "tax_affairs",
        K("Lord Gideon Fairweather", "he", "the party treasurer", "the party"),
        (
            P(
                (
                    "{I} {have} never held money offshore.",
                    "{I} {have} no accounts abroad.",
                    "Every penny {I} own{s} is in this country.",
                ),
                (
                    ("denial_admitted", "{I} held an account in Castelmar for six years."),
                    ("world", "{I} {have} closed the trust {I} set up in the islands."),
                    (
                        "admitted",
                        "{I} should have declared {my} offshore accounts, and {I} regret{s} that {I} did not.",
                    ),
                ),
                ("{I} {have} never held money offshore, and {my} tax returns are published.",),
            ),
            P(
                (
                    "The party took no money from Veltron Holdings.",
                    "Veltron never gave the party a donation.",
                    "There were no donations from Veltron.",
                ),
                (
                    ("no_x", "Veltron Holdings gave the party 200,000 last year."),
                    (
                        "denial_admitted",
                        "The party did accept a donation from Veltron, through a subsidiary.",
                    ),
                    ("world", "We are returning Veltron's donation."),
                ),
                ("No Veltron money; our donors are listed on the register.",),
            ),
        ),
    ),
    S(
        "hospital_ship",
        K("Admiral Yusuf Demir", "he", "the navy chief", "the navy"),
        (
            P(
                (
                    "The hospital ship will sail for the islands this week.",
                    "The ship leaves for the islands within days.",
                    "Help is on its way this week.",
                ),
                (
                    ("world", "The hospital ship is stuck in dry dock for repairs."),
                    ("date", "The hospital ship will not sail before next month."),
                    ("negation", "The hospital ship will not sail this week."),
                ),
                ("The ship sails this week with two surgical teams on board.",),
            ),
        ),
        (
            SP(
                "place",
                (
                    "The ship is heading for {v}.",
                    "The first stop for the ship is {v}.",
                ),
                ("Port Tallow", "the harbour at Port Tallow", "Tallow"),
                ("Sarn Island", "the southern atolls", "Marravik"),
            ),
        ),
    ),
    S(
        "minimum_wage",
        K("Beatriz Santos", "she", "the employment minister", "the government"),
        (
            P(
                (
                    "The minimum wage will rise in January.",
                    "Low-paid workers get a pay rise in January.",
                    "A higher minimum wage takes effect in January.",
                ),
                (
                    ("world", "The minimum wage will be frozen next year."),
                    ("date", "The rise in the minimum wage has been delayed until July."),
                    ("negation", "The minimum wage will not rise in January."),
                ),
                ("The minimum wage goes up in January, and apprentices get the full rate.",),
            ),
        ),
        (
            SP(
                "number",
                (
                    "The minimum wage will go up to {v} an hour.",
                    "From next year the lowest legal wage is {v} an hour.",
                ),
                ("12.40", "about 12.40", "twelve forty"),
                ("11", "15", "13.90"),
            ),
        ),
    ),
    S(
        "drug_recall",
        K("Dr Karin Holm", "she", "the medicines regulator", "the agency"),
        (
            P(
                (
                    "There is no need to recall Corvalex.",
                    "Corvalex stays on pharmacy shelves.",
                    "Patients should keep taking Corvalex.",
                ),
                (
                    ("world", "Corvalex is being withdrawn from sale."),
                    ("world", "Patients taking Corvalex should stop and speak to their doctor."),
                    ("no_x", "We are recalling every batch of Corvalex."),
                ),
                ("No recall is needed; we will keep monitoring reports.",),
            ),
        ),
        (
            SP(
                "agent",
                (
                    "The faulty batches were made by {v}.",
                    "The contamination happened at {v}.",
                ),
                (
                    "a subcontractor",
                    "a plant run by a subcontractor",
                    "the subcontractor's factory",
                ),
                ("the company's own plant", "the hospital pharmacy", "a wholesaler"),
            ),
        ),
    ),
    S(
        "zoo_closure",
        K("Councillor Derek Amsel", "he", "the council leader", "the council"),
        (
            P(
                (
                    "The city zoo will not close.",
                    "We are keeping the zoo open.",
                    "The zoo has a future.",
                ),
                (
                    ("negation", "The city zoo will close."),
                    ("world", "The animals at the zoo will be rehomed by the end of the year."),
                    ("promise_broken", "The council has voted to shut the zoo."),
                ),
                ("The zoo stays open, with a new entrance on the park side.",),
            ),
            P(
                (
                    "Council tax will go up by no more than two per cent.",
                    "The council tax rise is capped at two per cent.",
                    "Residents face a council tax rise of two per cent at most.",
                ),
                (
                    ("number", "Council tax will go up by five per cent."),
                    (
                        "world",
                        "We are asking residents to approve a seven per cent council tax rise.",
                    ),
                    ("promise_broken", "The two per cent cap on council tax will be broken."),
                ),
                ("Council tax rises by two per cent, and the discount for carers stays.",),
            ),
        ),
    ),
)

# Unrelated statements used as "unrelated" consistent pairs (any speaker, any subject).
UNRELATED: tuple[str, ...] = (
    "The festival will return to the old harbour next summer.",
    "Our team is proud of the new library in Westhaven.",
    "The weather delayed the harvest by two weeks.",
    "{I} grew up on a farm outside Kilbarra.",
    "The museum will lend the painting to a gallery abroad.",
    "The marathon route passes the cathedral for the first time.",
    "Local bakers say flour prices have doubled.",
    "The orchestra has a new conductor from Tessaly.",
    "{I} spent the weekend with {my} grandchildren.",
    "Tourism in the mountains had its best year on record.",
)
