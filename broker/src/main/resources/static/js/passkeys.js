// Passkeys on the broker's pages: register one (account page) and sign in with one (sign-in page).
// Served as a file, not inline, so the Content-Security-Policy can forbid inline script.
(function () {
  'use strict';

  function bytes(base64url) {
    const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const text = atob(base64 + '==='.slice((base64.length + 3) % 4));
    return Uint8Array.from(text, c => c.charCodeAt(0)).buffer;
  }

  function base64url(buffer) {
    let text = '';
    new Uint8Array(buffer).forEach(b => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function post(url, body) {
    const headers = { 'Content-Type': 'application/json', 'Accept': 'application/json' };
    headers[document.querySelector('meta[name="_csrf_header"]').content] = document.querySelector('meta[name="_csrf"]').content;
    return fetch(url, { method: 'POST', headers: headers, credentials: 'same-origin', body: body ? JSON.stringify(body) : undefined });
  }

  function say(status, key) {
    status.textContent = status.dataset[key] || '';
  }

  async function register(form) {
    const status = form.querySelector('[role="status"]');
    say(status, 'working');
    try {
      const options = await (await post('/webauthn/register/options')).json();
      options.challenge = bytes(options.challenge);
      options.user.id = bytes(options.user.id);
      (options.excludeCredentials || []).forEach(c => { c.id = bytes(c.id); });
      const credential = await navigator.credentials.create({ publicKey: options });
      const response = await post('/webauthn/register', {
        publicKey: {
          credential: {
            id: credential.id, rawId: base64url(credential.rawId), type: credential.type,
            response: {
              attestationObject: base64url(credential.response.attestationObject),
              clientDataJSON: base64url(credential.response.clientDataJSON),
              transports: credential.response.getTransports ? credential.response.getTransports() : []
            },
            clientExtensionResults: credential.getClientExtensionResults(),
            authenticatorAttachment: credential.authenticatorAttachment
          },
          label: form.querySelector('input[name="label"]').value
        }
      });
      if (!response.ok) { throw new Error('refused'); }
      window.location.assign('/account?passkeyAdded');
    } catch (e) {
      say(status, 'failed');
    }
  }

  async function signIn(button) {
    const status = document.getElementById(button.getAttribute('aria-describedby'));
    say(status, 'working');
    try {
      const options = await (await post('/webauthn/authenticate/options')).json();
      options.challenge = bytes(options.challenge);
      (options.allowCredentials || []).forEach(c => { c.id = bytes(c.id); });
      const credential = await navigator.credentials.get({ publicKey: options });
      const response = await post('/login/webauthn', {
        id: credential.id, rawId: base64url(credential.rawId), type: credential.type,
        response: {
          authenticatorData: base64url(credential.response.authenticatorData),
          clientDataJSON: base64url(credential.response.clientDataJSON),
          signature: base64url(credential.response.signature),
          userHandle: credential.response.userHandle ? base64url(credential.response.userHandle) : null
        },
        clientExtensionResults: credential.getClientExtensionResults(),
        authenticatorAttachment: credential.authenticatorAttachment
      });
      if (!response.ok) { throw new Error('refused'); }
      window.location.assign((await response.json()).redirectUrl);
    } catch (e) {
      say(status, 'failed');
    }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const unsupported = !window.PublicKeyCredential;
    document.querySelectorAll('form[data-passkey-register]').forEach(form => {
      if (unsupported) { say(form.querySelector('[role="status"]'), 'unsupported'); return; }
      form.addEventListener('submit', event => { event.preventDefault(); register(form); });
    });
    document.querySelectorAll('button[data-passkey-signin]').forEach(button => {
      if (unsupported) { button.disabled = true; return; }
      button.addEventListener('click', () => signIn(button));
    });
  });
}());
