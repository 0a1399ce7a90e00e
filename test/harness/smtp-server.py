"""
A throw-away SMTP server for Kura's tests (Debian's python3-aiosmtpd): STARTTLS, implicit TLS or
plain, optional AUTH (the password comes from the environment, never argv), and one JSON file per
accepted message (envelope, decoded subject and text, whether TLS and AUTH were used) in --dir.
`--reject-rcpt SUBSTRING` refuses recipients containing it (550), as a real server refuses an
unknown mailbox. Prints "READY <port>" once it accepts connections; stops on SIGTERM.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

ap = argparse.ArgumentParser()
ap.add_argument('--port', type=int, required=True)
ap.add_argument('--dir', required=True)
ap.add_argument('--mode', choices=['starttls', 'tls', 'none'], default='starttls')
ap.add_argument('--cert')
ap.add_argument('--key')
ap.add_argument('--user')
ap.add_argument('--reject-rcpt')
args = ap.parse_args()
password = os.environ.get('KURA_TEST_SMTP_PASSWORD')
counter = {'n': 0}


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if args.reject_rcpt and args.reject_rcpt in address:
            return '550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table' % address
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        counter['n'] += 1
        msg = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        body = msg.get_body(preferencelist=('plain',))
        record = {
            'mailFrom': envelope.mail_from,
            'rcptTos': envelope.rcpt_tos,
            'subject': str(msg['subject']),
            'from': str(msg['from']),
            'to': str(msg['to']),
            # Mail lines end in CRLF on the wire; the text as the reader sees it has plain line ends.
            'text': body.get_content().replace('\r\n', '\n') if body is not None else '',
            'headers': {k: str(v) for k, v in msg.items()},
            'raw': (envelope.original_content or envelope.content).decode('utf-8', 'replace'),
            'tls': session.ssl is not None or args.mode == 'tls',
            'authenticated': bool(session.authenticated),
        }
        path = os.path.join(args.dir, '%04d.json' % counter['n'])
        with open(path + '.tmp', 'w', encoding='utf-8') as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + '.tmp', path)
        return '250 2.0.0 Ok: queued as KURA%04d' % counter['n']


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and args.user is not None and password is not None:
        if auth_data.login.decode() == args.user and auth_data.password.decode() == password:
            return AuthResult(success=True)
    return AuthResult(success=False, handled=False, message='535 5.7.8 Error: authentication failed: bad user name or password')


ctx = None
if args.cert:
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)

kwargs = dict(hostname='127.0.0.1', port=args.port, server_hostname='kura-test-smtp', ready_timeout=10)
if args.user:
    # With implicit TLS aiosmtpd does not see the STARTTLS it checks for: the whole session is TLS anyway.
    kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=args.mode == 'starttls')
if args.mode == 'starttls':
    kwargs.update(tls_context=ctx, require_starttls=True)
elif args.mode == 'tls':
    kwargs.update(ssl_context=ctx)

controller = Controller(Handler(), **kwargs)
if args.mode == 'tls':
    # The controller's own readiness probe speaks plain SMTP; with implicit TLS it must trust anything.
    import aiosmtpd.controller as c
    c._server_to_client_ssl_ctx = lambda server_ctx: ssl._create_unverified_context()
controller.start()
print('READY %d' % args.port, flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())
stop.wait()
controller.stop()
