package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"strconv"

	"github.com/playbook-dev/playbook/builder/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	source := fs.String("source", ".", "the site's folder, holding content/")
	watch := fs.Bool("watch", false, "rebuild on every change and reload open tabs")
	poll := fs.Bool("poll", false, "watch by polling (network drives, WSL)")
	bind := fs.String("bind", "127.0.0.1", "the address to listen on")
	port := fs.Int("port", 1313, "the port to listen on (default: 1313, or the next free one)")
	drafts := fs.Bool("drafts", false, "include drafts")
	todayFlag := fs.String("today", "", "the date date-dependent rules use (YYYY-MM-DD; default $PLAYBOOK_TODAY or today)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "playbook serve: unexpected argument %q\n", pos[0])
		return exitUsage
	}
	portSet := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "port" {
			portSet = true
		}
	})
	day, err := today(*todayFlag)
	if err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return exitUsage
	}
	if ip := net.ParseIP(*bind); *bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "warning: --bind %s makes the site reachable from other machines on the network; use 127.0.0.1 to keep it on this one\n", *bind)
	}
	ln, note, err := serve.Listen(*bind, *port, portSet)
	if err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return exitUsage
	}
	if note != "" {
		fmt.Fprintln(stdout, note)
	}
	addr := ln.Addr().(*net.TCPAddr)
	host := *bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	baseURL := "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port)) + "/"
	srv := serve.New(serve.Config{Source: *source, Drafts: *drafts, Today: day, Watch: *watch, Poll: *poll, Log: stdout}, baseURL)
	srv.Build(nil) // errors are shown in the terminal and the browser
	fmt.Fprintf(stdout, "Serving the playbook at %s (Ctrl-C to stop)\n", baseURL)
	if *watch {
		fmt.Fprintln(stdout, "Watching content/, layouts/ and theme/ for changes")
	}
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "playbook serve: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stdout, "Stopped.")
	return exitOK
}
