#!/usr/bin/env python3
"""Writes the generated screenshots in fixtures/ocr/ (see README.md there): rendered text whose words
are known, for the OCR and chat-screenshot tests.

Drawn with ImageMagick (Debian `imagemagick`, /usr/bin/convert) in DejaVu Sans (Debian
`fonts-dejavu-core`). PNG date/time chunks are left out so the bytes depend only on the drawing.
The expected words of every image are written beside it in expected.json; the tests compare OCR
output with those, never with our own earlier output.

Layouts:
- whatsapp-android: WhatsApp Android light theme — a green header bar with the chat partner's name,
  a centred date chip, incoming bubbles (white) flush left, outgoing bubbles (light green) flush right,
  each with its time (HH:MM) at the bubble's bottom right.
- imessage: iOS Messages — the partner's name centred in the header, a centred date-and-time stamp,
  incoming bubbles (grey) flush left, outgoing (blue, white text) flush right, no per-bubble times.
- google-messages: Google Messages (Android's SMS app) — a back arrow and the partner's name at the
  left of the header, centred stamps "Weekday, D Month YYYY · HH:MM" above each run of bubbles, incoming
  bubbles flush left behind a round avatar holding the partner's initial, outgoing (light blue) flush
  right, no per-bubble times.
- note: a plain text screenshot (a notes app page), no chat layout: one text event.
- dark themes: WhatsApp's (DARK) and iOS's (IMESSAGE_DARK) — light text on dark bubbles.
- groups: WhatsApp (a participant subtitle under the group name, the sender's name at the top of the first
  incoming bubble of each run) and iOS Messages (the sender's name small and grey above that bubble);
  expected.json gives each incoming message's sender. Both also in their dark themes.
"""
import json, os, subprocess

CONVERT = "/usr/bin/convert"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "ocr")
WIDTH = 720
TEXT_PT = 28
TIME_PT = 20


def text_width(text, points):
    out = subprocess.run([CONVERT, "-font", FONT, "-pointsize", str(points), f"label:{text}", "-format", "%w", "info:"],
                         check=True, capture_output=True, text=True).stdout
    return int(out)


def render(path, height, background, draws):
    args = [CONVERT, "-size", f"{WIDTH}x{height}", f"xc:{background}", "-font", FONT]
    for d in draws:
        args += d
    # No tIME / date:create / date:modify chunks: the bytes depend only on the drawing.
    args += ["-define", "png:exclude-chunks=date,time", "+set", "date:create", "+set", "date:modify", path]
    subprocess.run(args, check=True)


LIGHT = {"header": "#075E54", "title": "white", "chip": "#E1F3FB", "chip_ink": "#333333", "in": "white", "out": "#DCF8C6",
         "ink": "#111111", "time": "#555555", "background": "#ECE5DD"}
# WhatsApp's dark theme: light text on dark bubbles over a near-black background.
DARK = {"header": "#1F2C34", "title": "#E9EDEF", "chip": "#182229", "chip_ink": "#8696A0", "in": "#202C33", "out": "#005C4B",
        "ink": "#E9EDEF", "time": "#8696A0", "background": "#0B141A"}
# Sender names in a WhatsApp group are drawn in one colour per participant.
NAME_COLOURS = ["#E542A3", "#1F7AEC", "#D3A022", "#35CD96"]


def whatsapp(path, partner, date, messages, theme=LIGHT, subtitle=None):
    """messages: (side, text, time) or, in a group, (side, text, time, sender); the sender's name is drawn at
    the top of an incoming bubble unless the bubble before it came from the same sender (as WhatsApp does)."""
    draws = [
        ["-fill", theme["header"], "-draw", f"rectangle 0,0 {WIDTH},100"],
        ["-fill", theme["title"], "-pointsize", "32", "-annotate", f"+90+{50 if subtitle else 62}", partner],
    ]
    if subtitle:
        draws.append(["-fill", theme["title"], "-pointsize", "20", "-annotate", "+90+84", subtitle])
    y = 130
    chip_w = text_width(date, 22) + 32
    x0 = (WIDTH - chip_w) // 2
    draws += [["-fill", theme["chip"], "-draw", f"roundrectangle {x0},{y} {x0 + chip_w},{y + 40} 8,8"],
              ["-fill", theme["chip_ink"], "-pointsize", "22", "-annotate", f"+{x0 + 16}+{y + 29}", date]]
    y += 70
    senders = []
    previous = None
    for side, text, time, *sender in messages:
        sender = sender[0] if sender else None
        named = side == "in" and sender is not None and sender != previous
        previous = sender if side == "in" else None
        top = 36 if named else 0
        w = max(text_width(text, TEXT_PT), text_width(time, TIME_PT), text_width(sender, 22) if named else 0) + 40
        h = 96 + top
        x = 20 if side == "in" else WIDTH - 20 - w
        draws += [["-fill", theme[side], "-draw", f"roundrectangle {x},{y} {x + w},{y + h} 12,12"]]
        if named:
            if sender not in senders:
                senders.append(sender)
            draws += [["-fill", NAME_COLOURS[senders.index(sender) % len(NAME_COLOURS)], "-pointsize", "22", "-annotate", f"+{x + 20}+{y + 32}", sender]]
        draws += [["-fill", theme["ink"], "-pointsize", str(TEXT_PT), "-annotate", f"+{x + 20}+{y + top + 40}", text],
                  ["-fill", theme["time"], "-pointsize", str(TIME_PT), "-annotate", f"+{x + w - 20 - text_width(time, TIME_PT)}+{y + top + 82}", time]]
        y += h + 24
    render(path, y + 20, theme["background"], draws)


def google_messages(path, partner, runs):
    draws = [
        ["-fill", "#F8FAFD", "-draw", f"rectangle 0,0 {WIDTH},110"],
        ["-stroke", "#1F1F1F", "-strokewidth", "4", "-draw", "line 28,60 52,36", "-draw", "line 28,60 52,84", "-draw", "line 28,60 62,60",
         "+stroke"],
        ["-fill", "#1F1F1F", "-pointsize", "30", "-annotate", "+90+72", partner],
    ]
    y = 150
    for stamp, messages in runs:
        draws.append(["-fill", "#5E5E5E", "-pointsize", "20", "-annotate", f"+{(WIDTH - text_width(stamp, 20)) // 2}+{y}", stamp])
        y += 26
        for side, text in messages:
            w = text_width(text, TEXT_PT) + 48
            h = 66
            x = 96 if side == "in" else WIDTH - 20 - w
            fill = "#E9EEF6" if side == "in" else "#D3E3FD"
            if side == "in":
                draws += [["-fill", "#7E57C2", "-draw", f"circle 48,{y + h // 2} 48,{y + h // 2 - 26}"],
                          ["-fill", "white", "-pointsize", "26", "-annotate", f"+{48 - text_width(partner[0], 26) // 2}+{y + h // 2 + 10}", partner[0]]]
            draws += [["-fill", fill, "-draw", f"roundrectangle {x},{y} {x + w},{y + h} 26,26"],
                      ["-fill", "#1F1F1F", "-pointsize", str(TEXT_PT), "-annotate", f"+{x + 24}+{y + 44}", text]]
            y += h + 16
        y += 40
    render(path, y + 20, "white", draws)


IMESSAGE_LIGHT = {"background": "white", "header": "#F6F6F6", "title": "#111111", "stamp": "#8E8E93", "in": "#E5E5EA", "in_ink": "#111111"}
# iOS dark appearance: black background, dark grey incoming bubbles with white text (outgoing stay blue).
IMESSAGE_DARK = {"background": "black", "header": "#1C1C1E", "title": "white", "stamp": "#8E8E93", "in": "#3A3A3C", "in_ink": "white"}


def imessage(path, partner, stamp, messages, theme=IMESSAGE_LIGHT):
    """messages: (side, text) or, in a group, (side, text, sender); the sender's name is drawn small and grey
    above the first incoming bubble of each run from that sender (as iOS Messages does)."""
    draws = [
        ["-fill", theme["header"], "-draw", f"rectangle 0,0 {WIDTH},110"],
        ["-fill", theme["title"], "-pointsize", "26", "-annotate", f"+{(WIDTH - text_width(partner, 26)) // 2}+92", partner],
    ]
    y = 150
    draws.append(["-fill", theme["stamp"], "-pointsize", "22", "-annotate", f"+{(WIDTH - text_width(stamp, 22)) // 2}+{y}", stamp])
    y += 30
    previous = None
    for side, text, *sender in messages:
        sender = sender[0] if sender else None
        if side == "in" and sender is not None and sender != previous:
            draws.append(["-fill", theme["stamp"], "-pointsize", "22", "-annotate", f"+{20 + 16}+{y + 18}", sender])
            y += 26
        previous = sender if side == "in" else None
        w = text_width(text, TEXT_PT) + 44
        h = 62
        x = 20 if side == "in" else WIDTH - 20 - w
        fill, ink = (theme["in"], theme["in_ink"]) if side == "in" else ("#0B84FE", "white")
        draws += [["-fill", fill, "-draw", f"roundrectangle {x},{y} {x + w},{y + h} 28,28"],
                  ["-fill", ink, "-pointsize", str(TEXT_PT), "-annotate", f"+{x + 22}+{y + 42}", text]]
        y += h + 22
    render(path, y + 30, theme["background"], draws)


def note(path, lines):
    draws = []
    y = 70
    for line in lines:
        draws.append(["-fill", "#111111", "-pointsize", str(TEXT_PT), "-annotate", f"+40+{y}", line])
        y += 52
    render(path, y + 30, "white", draws)


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {}

    chat = ("Jordan Blake", "12 March 2024", [
        ("in", "Why are you ignoring me", "21:14"),
        ("out", "Please stop contacting me", "21:15"),
        ("in", "I know where you live", "21:16"),
        ("in", "I will kill you", "21:17"),
        ("out", "I have called the police", "21:20"),
    ])
    name = "Screenshot_20240312-212100_WhatsApp.png"
    whatsapp(os.path.join(OUT, name), *chat)
    expected[name] = {"layout": "whatsapp-android", "partner": chat[0], "date": "2024-03-12",
                      "messages": [{"side": s, "text": t, "time": tm} for s, t, tm in chat[2]]}

    partner, stamp = "Casey Morgan", "14 March 2024 23:05"
    bubbles = [("in", "Open the door"), ("in", "I saw you at the gym today"), ("out", "Leave me alone"), ("in", "You are dead")]
    name = "Screenshot 2024-03-14 at 23.09.12.png"
    imessage(os.path.join(OUT, name), partner, stamp, bubbles)
    expected[name] = {"layout": "imessage", "partner": partner, "date": "2024-03-14", "time": "23:05",
                      "messages": [{"side": s, "text": t} for s, t in bubbles]}

    partner = "Jordan Blake"
    runs = [("Sunday, 17 March 2024 · 19:02", [("in", "Pick up", "19:02"), ("in", "Watching you from the car", "19:02")]),
            ("Sunday, 17 March 2024 · 19:30", [("out", "Stop texting me", "19:30"), ("in", "Never", "19:30")])]
    name = "Screenshot_20240317-193500_Messages.png"
    google_messages(os.path.join(OUT, name), partner, [(stamp, [(s, t) for s, t, _ in ms]) for stamp, ms in runs])
    expected[name] = {"layout": "google-messages", "partner": partner, "date": "2024-03-17",
                      "messages": [{"side": s, "text": t, "time": tm} for _, ms in runs for s, t, tm in ms]}

    dark = ("Riley Quinn", "20 March 2024", [
        ("in", "You changed your number", "22:01"),
        ("in", "I found the new one", "22:03"),
        ("out", "Do not message me again", "22:04"),
        ("in", "I am watching your flat", "22:10"),
    ])
    name = "Screenshot_20240320-221500_WhatsApp.png"
    whatsapp(os.path.join(OUT, name), *dark, theme=DARK)
    expected[name] = {"layout": "whatsapp-android", "theme": "dark", "partner": dark[0], "date": "2024-03-20",
                      "messages": [{"side": s, "text": t, "time": tm} for s, t, tm in dark[2]]}

    partner, stamp = "Drew Ellis", "21 March 2024 22:40"
    bubbles = [("in", "Why did you block me"), ("out", "Leave me alone"), ("in", "I will find you")]
    name = "Screenshot 2024-03-21 at 22.45.03.png"
    imessage(os.path.join(OUT, name), partner, stamp, bubbles, theme=IMESSAGE_DARK)
    expected[name] = {"layout": "imessage", "theme": "dark", "partner": partner, "date": "2024-03-21", "time": "22:40",
                      "messages": [{"side": s, "text": t} for s, t in bubbles]}

    group = ("Book Club", "22 March 2024", [
        ("in", "Did you see her today", "18:01", "Jordan Blake"),
        ("in", "She left at six", "18:02", "Jordan Blake"),
        ("out", "Leave me out of this", "18:05"),
        ("in", "We know where she parks", "18:07", "Sam Reid"),
        ("in", "Follow her home", "18:09", "Jordan Blake"),
    ])
    name = "Screenshot_20240322-181500_WhatsApp.png"
    whatsapp(os.path.join(OUT, name), *group, subtitle="Jordan Blake, Sam Reid, You")
    expected[name] = {"layout": "whatsapp-android", "group": group[0], "participants": ["Jordan Blake", "Sam Reid"], "date": "2024-03-22",
                      "messages": [dict({"side": m[0], "text": m[1], "time": m[2]}, **({"sender": m[3]} if len(m) > 3 else {}))
                                   for m in group[2]]}

    partner, stamp = "Weekend Plans", "23 March 2024 20:15"
    bubbles = [("in", "Is she at home", "Jordan"), ("in", "The lights are on", "Jordan"), ("out", "Stop this now"),
               ("in", "Parked outside her house", "Sam")]
    name = "Screenshot 2024-03-23 at 20.20.41.png"
    imessage(os.path.join(OUT, name), partner, stamp, bubbles)
    expected[name] = {"layout": "imessage", "group": partner, "participants": ["Jordan", "Sam"], "date": "2024-03-23", "time": "20:15",
                      "messages": [dict({"side": b[0], "text": b[1]}, **({"sender": b[2]} if len(b) > 2 else {})) for b in bubbles]}

    # Dark-theme groups: the same sender names, light on dark (the split reads the inverted copy).
    group = ("Night Shift", "24 March 2024", [
        ("in", "Her car is gone", "23:02", "Sam Reid"),
        ("in", "Check the station", "23:04", "Jordan Blake"),
        ("out", "Calling the police now", "23:06"),
        ("in", "Go round the back", "23:08", "Jordan Blake"),
        ("in", "Wait for the morning", "23:11", "Sam Reid"),
    ])
    name = "Screenshot_20240324-231500_WhatsApp.png"
    whatsapp(os.path.join(OUT, name), *group, theme=DARK, subtitle="Jordan Blake, Sam Reid, You")
    expected[name] = {"layout": "whatsapp-android", "theme": "dark", "group": group[0], "participants": ["Jordan Blake", "Sam Reid"],
                      "date": "2024-03-24",
                      "messages": [dict({"side": m[0], "text": m[1], "time": m[2]}, **({"sender": m[3]} if len(m) > 3 else {}))
                                   for m in group[2]]}

    partner, stamp = "Old Friends", "25 March 2024 21:30"
    bubbles = [("in", "Where does she work now", "Sam"), ("out", "Stop asking about me"), ("in", "Outside her office", "Jordan"),
               ("in", "Wearing a red coat", "Jordan")]
    name = "Screenshot 2024-03-25 at 21.34.56.png"
    imessage(os.path.join(OUT, name), partner, stamp, bubbles, theme=IMESSAGE_DARK)
    expected[name] = {"layout": "imessage", "theme": "dark", "group": partner, "participants": ["Jordan", "Sam"], "date": "2024-03-25",
                      "time": "21:30",
                      "messages": [dict({"side": b[0], "text": b[1]}, **({"sender": b[2]} if len(b) > 2 else {})) for b in bubbles]}

    lines = ["Reminder for Thursday", "Bring the parcel to the depot", "Collection number 4471"]
    name = "Screenshot_20240315-090000.png"
    note(os.path.join(OUT, name), lines)
    expected[name] = {"layout": "note", "lines": lines}

    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")
    print("wrote", OUT)


if __name__ == "__main__":
    main()
