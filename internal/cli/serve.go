package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/paperboy-reader/paperboy/internal/paper"
	"github.com/paperboy-reader/paperboy/internal/paperboy"
	"github.com/paperboy-reader/paperboy/internal/uiassets"
	"github.com/paperboy-reader/paperboy/internal/web"
)

func runServe(ctx context.Context, e *Env, args []string) error {
	fset := flags(e, "serve", "[--addr 127.0.0.1:8765] [--allow-remote] [--no-sync]")
	addr := fset.String("addr", "127.0.0.1:8765", "address to listen on")
	remote := fset.Bool("allow-remote", false, "allow listening on a non-loopback address (anyone who can reach it can read and change your library)")
	noSync := fset.Bool("no-sync", false, "do not sync recent days at start")
	if err := parse(fset, args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return usagef("unexpected argument %q", fset.Arg(0))
	}
	if !web.IsLoopback(*addr) && !*remote {
		return usagef("%s is not a loopback address; pass --allow-remote if you really mean to expose your library", *addr)
	}
	if e.Assets == nil || e.Bindings == nil {
		return errors.New("serve: no frontend in this build")
	}
	if e.host != nil && !e.hostStays {
		return paper.Errorf(paper.ELOCKED, "a paperboy command (a sync or an export) is using this data directory; run serve again when it has finished")
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return paper.Wrap(paper.EINVALID, err, "can't listen on %s: %v (is another paperboy serve running?)", *addr, err)
	}
	broker := web.NewBroker(paperboy.EventSyncStatus) // a page that connects late still learns how the last sync went
	defer svc.Subscribe(broker.Emit)()
	srv := web.New(e.Bindings(svc), uiassets.Themed(e.Assets, svc.Theme), ln.Addr().String(), e.Logger, broker)
	if *remote {
		srv.AllowHost(*addr)
	}
	// a whole library exported as JSON, streamed into the import
	srv.Upload("Library.Import", 1<<30, func(ctx context.Context, body io.Reader) (any, error) { return svc.Import(ctx, body) })
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	where := ""
	if e.host != nil {
		where = " (inside the Paperboy already running)"
	}
	fmt.Fprintf(e.Stderr, "Paperboy is serving http://%s/%s — press Ctrl+C to stop\n", ln.Addr(), where)
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	if e.host == nil { // the window runs its own schedule
		go svc.Run(runCtx, paperboy.RunOptions{SyncAtStart: !*noSync})
	} else if !*noSync {
		_ = svc.StartSync(paperboy.SyncRequest{})
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return hs.Shutdown(shutdown)
}
