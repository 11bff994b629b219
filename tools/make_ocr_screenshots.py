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


def whatsapp(path, partner, date, messages, theme=LIGHT):
    draws = [
        ["-fill", theme["header"], "-draw", f"rectangle 0,0 {WIDTH},100"],
        ["-fill", theme["title"], "-pointsize", "32", "-annotate", "+90+62", partner],
    ]
    y = 130
    chip_w = text_width(date, 22) + 32
    x0 = (WIDTH - chip_w) // 2
    draws += [["-fill", theme["chip"], "-draw", f"roundrectangle {x0},{y} {x0 + chip_w},{y + 40} 8,8"],
              ["-fill", theme["chip_ink"], "-pointsize", "22", "-annotate", f"+{x0 + 16}+{y + 29}", date]]
    y += 70
    for side, text, time in messages:
        w = max(text_width(text, TEXT_PT), text_width(time, TIME_PT)) + 40
        h = 96
        x = 20 if side == "in" else WIDTH - 20 - w
        draws += [["-fill", theme[side], "-draw", f"roundrectangle {x},{y} {x + w},{y + h} 12,12"],
                  ["-fill", theme["ink"], "-pointsize", str(TEXT_PT), "-annotate", f"+{x + 20}+{y + 40}", text],
                  ["-fill", theme["time"], "-pointsize", str(TIME_PT), "-annotate", f"+{x + w - 20 - text_width(time, TIME_PT)}+{y + 82}", time]]
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


def imessage(path, partner, stamp, messages):
    draws = [
        ["-fill", "#F6F6F6", "-draw", f"rectangle 0,0 {WIDTH},110"],
        ["-fill", "#111111", "-pointsize", "26", "-annotate", f"+{(WIDTH - text_width(partner, 26)) // 2}+92", partner],
    ]
    y = 150
    draws.append(["-fill", "#8E8E93", "-pointsize", "22", "-annotate", f"+{(WIDTH - text_width(stamp, 22)) // 2}+{y}", stamp])
    y += 30
    for side, text in messages:
        w = text_width(text, TEXT_PT) + 44
        h = 62
        x = 20 if side == "in" else WIDTH - 20 - w
        fill, ink = ("#E5E5EA", "#111111") if side == "in" else ("#0B84FE", "white")
        draws += [["-fill", fill, "-draw", f"roundrectangle {x},{y} {x + w},{y + h} 28,28"],
                  ["-fill", ink, "-pointsize", str(TEXT_PT), "-annotate", f"+{x + 22}+{y + 42}", text]]
        y += h + 22
    render(path, y + 30, "white", draws)


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
