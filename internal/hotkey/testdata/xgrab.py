#!/usr/bin/env python3
"""Another X client for the hotkey tests: try to grab a key on the root window.

    xgrab.py KEYSYM MODMASK [--hold]

Connects to $DISPLAY and calls XGrabKey for KEYSYM (an X keysym name such as "p") with the
exact modifier mask MODMASK (e.g. 12 for Control|Mod1). Prints "ok" when the grab was granted
or "taken" when the server refused it with BadAccess, after a round trip, so the answer is
the server's. With --hold and a granted grab it keeps the grab until its stdin closes.
Exit status: 0 after printing an answer, 2 on a usage or connection error.
"""
import sys

from Xlib import X, XK, display, error


def main():
    args = sys.argv[1:]
    hold = "--hold" in args
    args = [a for a in args if a != "--hold"]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    name, mods = args[0], int(args[1], 0)
    d = display.Display()
    sym = XK.string_to_keysym(name)
    code = d.keysym_to_keycode(sym)
    if sym == 0 or code == 0:
        print("xgrab: no key for keysym %r" % name, file=sys.stderr)
        return 2
    catch = error.CatchError(error.BadAccess)
    d.screen().root.grab_key(code, mods, False, X.GrabModeAsync, X.GrabModeAsync, onerror=catch)
    d.sync()
    if catch.get_error() is not None:
        print("taken", flush=True)
        return 0
    print("ok", flush=True)
    if hold:
        sys.stdin.read()
    d.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
