toString /etc/some/../thing
