{ services.vault.enable = true; }
