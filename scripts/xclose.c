// xclose asks an X11 window to close the way a window manager's close button does: it sends
// WM_PROTOCOLS/WM_DELETE_WINDOW. (xdotool windowclose destroys the window instead, which GTK
// reports as an X error and dies on.) Used by scripts/smoke-desktop.sh.
//
//   cc -O2 -o xclose scripts/xclose.c $(pkg-config --cflags --libs x11)
//   DISPLAY=:99 ./xclose WINDOW_ID
#include <X11/Xlib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
	if (argc != 2) {
		fprintf(stderr, "usage: xclose WINDOW_ID\n");
		return 2;
	}
	Window win = (Window)strtoul(argv[1], NULL, 0);
	Display *dpy = XOpenDisplay(NULL);
	if (!dpy) {
		fprintf(stderr, "xclose: cannot open display\n");
		return 1;
	}
	XEvent ev = {0};
	ev.xclient.type = ClientMessage;
	ev.xclient.window = win;
	ev.xclient.message_type = XInternAtom(dpy, "WM_PROTOCOLS", False);
	ev.xclient.format = 32;
	ev.xclient.data.l[0] = (long)XInternAtom(dpy, "WM_DELETE_WINDOW", False);
	ev.xclient.data.l[1] = CurrentTime;
	if (!XSendEvent(dpy, win, False, NoEventMask, &ev)) {
		fprintf(stderr, "xclose: XSendEvent failed\n");
		XCloseDisplay(dpy);
		return 1;
	}
	XSync(dpy, False);
	XCloseDisplay(dpy);
	return 0;
}
