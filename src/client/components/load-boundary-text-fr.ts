import type { LoadBoundaryText } from './load-boundary-text-en';

export const loadBoundaryTextFr: LoadBoundaryText = {
  parts: {
    app: 'Doorstep',
    form: 'le formulaire de contact',
    signIn: 'l’écran de connexion',
    offline:
      'les brouillons et la file d’envoi (cet appareil ne peut pas encore garder de contacts\u00a0; ce qui est saisi reste à l’écran)',
    status: 'l’état de l’appareil',
    outbox: 'la file d’envoi (les contacts enregistrés sur cet appareil y restent)',
    drafts: 'la liste des brouillons (les brouillons restent sur cet appareil)',
    sections: 'la suite du formulaire (ce que vous avez saisi est gardé)',
    summary: 'la liste des erreurs (chaque erreur est indiquée à son champ)',
    confirmation: 'la confirmation (le contact est enregistré sur cet appareil et sera envoyé)',
    tags: 'les étiquettes',
    notes: 'les notes',
    location: 'le bouton de localisation',
    offlineSetup: 'l’usage hors ligne (restez en ligne encore un moment)',
  },
  couldNotLoad: 'Chargement impossible\u00a0:',
  whenBack: 'Nouvel essai dès le retour du réseau.',
  retry: 'Réessayer',
};
