#!/usr/bin/env python3
"""The local stack's SMTP server, where notification-service relays its mail as it would to a real
relay (Quarkus' mock mailer keeps every mail it is given in the service's heap and prints it whole,
and the local stack runs for hours). Takes each mail the way a relay does (EHLO/HELO, MAIL, RCPT,
DATA, RSET, NOOP, QUIT), keeps the last KEEP as DIR/<n>.eml, to open in a mail reader, and prints one
line per mail: its number, Message-ID, recipients and subject, tab-separated.
Usage: mail-receiver.py PORT DIR [KEEP]"""
import asyncio, email.header, email.parser, os, re, sys

sys.stdout.reconfigure(encoding="utf-8", errors="replace")
PORT, DIR = int(sys.argv[1]), sys.argv[2]
KEEP = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
NAME = b"supportdesk-local-mail"
os.makedirs(DIR, exist_ok=True)
kept = sorted(int(f[:-4]) for f in os.listdir(DIR) if re.fullmatch(r"\d+\.eml", f))
number = kept[-1] if kept else 0
headers = email.parser.BytesHeaderParser()


def header(parsed, name):
    return str(email.header.make_header(email.header.decode_header(parsed.get(name, ""))))


def keep(recipients, message):
    global number
    number += 1
    with open(os.path.join(DIR, f"{number:09d}.eml"), "wb") as f:
        f.write(message)
    try:
        os.remove(os.path.join(DIR, f"{number - KEEP:09d}.eml"))
    except FileNotFoundError:
        pass
    parsed = headers.parsebytes(message)
    print(f"{number}\t{header(parsed, 'message-id')}\t{','.join(recipients)}\t{header(parsed, 'subject')}", flush=True)


def address(argument):
    match = re.search(rb"<([^>]*)>", argument)
    return (match.group(1) if match else argument.split(b":", 1)[-1].strip()).decode("utf-8", "replace")


async def session(reader, writer):
    def reply(line):
        writer.write(line + b"\r\n")

    reply(b"220 " + NAME + b" ESMTP")
    sender, recipients = None, []
    try:
        while True:
            await writer.drain()
            line = await reader.readline()
            if not line:
                return
            verb, _, argument = line.rstrip(b"\r\n").partition(b" ")
            verb = verb.upper()
            if verb == b"EHLO":
                reply(b"250-" + NAME)
                reply(b"250-8BITMIME")
                reply(b"250-SMTPUTF8")
                reply(b"250 SIZE 10485760")
            elif verb == b"HELO":
                reply(b"250 " + NAME)
            elif verb == b"MAIL":
                sender, recipients = address(argument), []
                reply(b"250 OK")
            elif verb == b"RCPT":
                if sender is None:
                    reply(b"503 MAIL first")
                else:
                    recipients.append(address(argument))
                    reply(b"250 OK")
            elif verb == b"DATA":
                if not recipients:
                    reply(b"503 RCPT first")
                    continue
                reply(b"354 End data with <CR><LF>.<CR><LF>")
                await writer.drain()
                lines = []
                while True:
                    data = await reader.readline()
                    if not data:
                        return
                    if data in (b".\r\n", b".\n"):
                        break
                    lines.append(data[1:] if data.startswith(b".") else data)
                try:
                    keep(recipients, b"".join(lines))
                except Exception as e:  # a full disk, a header it cannot read: the client tries again later
                    print(f"not kept: {e!r}", file=sys.stderr, flush=True)
                    reply(b"451 Requested action aborted: local error in processing")
                else:
                    reply(b"250 OK: kept")
                sender, recipients = None, []
            elif verb == b"RSET":
                sender, recipients = None, []
                reply(b"250 OK")
            elif verb == b"NOOP":
                reply(b"250 OK")
            elif verb == b"QUIT":
                reply(b"221 Bye")
                await writer.drain()
                return
            else:
                reply(b"502 Command not implemented")
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(session, "127.0.0.1", PORT, limit=16 * 1024 * 1024)
    print(f"SMTP on 127.0.0.1:{PORT}, the last {KEEP} mails kept in {DIR}", flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
